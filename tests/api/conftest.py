"""API tests: the real app over ASGI, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from authgate.bootstrap import Container, build_container
from authgate.config import Settings
from authgate.presentation.app import create_app
from tests.conftest import make_settings

BASE_URL = "http://testserver"
PASSWORD = "a quiet meadow at dawn"

MakeClient = Callable[..., Awaitable[httpx.AsyncClient]]
CONTAINERS: weakref.WeakKeyDictionary[httpx.AsyncClient, Container] = weakref.WeakKeyDictionary()


def container_of(client: httpx.AsyncClient) -> Container:
    """The service behind a client made by `make_client` (its keys, its clock)."""
    return CONTAINERS[client]


@pytest.fixture
async def make_client(tmp_path: Path, database_url: str) -> AsyncIterator[Callable[..., Any]]:
    """make_client(clock=None, rate_limiter=None, **settings) -> an httpx.AsyncClient on a
    fresh app."""
    containers = []
    clients: list[httpx.AsyncClient] = []

    async def make(
        clock: Any = None, rate_limiter: Any = None, **overrides: Any
    ) -> httpx.AsyncClient:
        settings: Settings = make_settings(tmp_path, database_url, **overrides)
        container = build_container(settings, clock=clock, rate_limiter=rate_limiter)
        containers.append(container)
        transport = httpx.ASGITransport(
            app=create_app(container=container), raise_app_exceptions=False
        )
        client = httpx.AsyncClient(transport=transport, base_url=BASE_URL)
        clients.append(client)
        CONTAINERS[client] = container
        return client

    yield make
    for client in clients:
        await client.aclose()
    for container in containers:
        await container.close()


@pytest.fixture
async def client(make_client: Callable[..., Any]) -> httpx.AsyncClient:
    result: httpx.AsyncClient = await make_client()
    return result


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"


async def signup(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    resp = await client.post(
        "/api/auth/signup", json={"name": "Ada", "email": email, "password": password}
    )
    assert resp.status_code == 201, resp.text
    data: dict[str, Any] = resp.json()["data"]
    return data


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    resp = await client.post("/api/auth/login", json={"email": email, "password": password})
    assert resp.status_code == 200, resp.text
    return resp


async def signed_in(client: httpx.AsyncClient) -> str:
    """Sign up and sign in a fresh account on this client; returns its email."""
    email = unique_email()
    await signup(client, email)
    await login(client, email)
    return email


def envelope(resp: httpx.Response, status: int, error: str | None = None) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body: dict[str, Any] = resp.json()
    assert body["status_code"] == status
    assert isinstance(body["message"], str) and body["message"]
    if status < 400:
        assert body["error"] is None
    else:
        assert body["data"] is None and body["error"]
        if error is not None:
            assert body["error"] == error, body
    assert "Traceback" not in resp.text
    return body
