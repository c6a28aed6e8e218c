"""Unexpected failures are envelopes too, and bcrypt never blocks the event loop."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import httpx
import pytest

from authgate.bootstrap import build_container
from authgate.infrastructure.passwords import BcryptHasher
from authgate.presentation.app import create_app
from tests.api.conftest import BASE_URL, envelope, signup, unique_email
from tests.conftest import make_settings


class ExplodingUnitOfWork:
    def __call__(self, read_only: bool = False) -> ExplodingUnitOfWork:
        raise RuntimeError("secret internal detail")

    def on_commit(self, handler: object) -> None:
        return None


async def test_an_unexpected_error_is_a_500_envelope_without_details(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path, "sqlite+aiosqlite:///:memory:")
    container = build_container(settings, uow=ExplodingUnitOfWork())  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=create_app(container=container), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        with caplog.at_level(logging.ERROR, logger="authgate.errors"):
            resp = await client.post(
                "/api/auth/login", json={"email": "a@example.com", "password": "whatever it is"}
            )
    body = envelope(resp, 500, "internal_error")
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in resp.headers["content-security-policy"]
    assert "secret internal detail" not in resp.text and "RuntimeError" not in resp.text
    request_id = resp.headers["x-request-id"]
    assert body["request_id"] == request_id
    [line] = [r.getMessage() for r in caplog.records if "unhandled error" in r.getMessage()]
    assert request_id in line


async def test_every_response_has_its_own_request_id(client: httpx.AsyncClient) -> None:
    answers = [
        await client.get("/api/health"),
        await client.get("/api/no/such/thing"),
        await client.post("/api/auth/login", json={}),
        await client.get("/api/auth/current-user"),
    ]
    ids = [resp.headers["x-request-id"] for resp in answers]
    assert len(set(ids)) == len(ids) and all(len(i) >= 8 for i in ids)
    forged = {"X-Request-ID": "x\r\nINFO forged"}
    assert "forged" not in (await client.get("/api/health", headers=forged)).headers["x-request-id"]


class TimedHasher(BcryptHasher):
    """Real bcrypt that notes when each hash finished."""

    def __init__(self, rounds: int) -> None:
        super().__init__(rounds)
        self.hashed_at: list[float] = []

    async def hash(self, password: str) -> str:
        result = await super().hash(password)
        self.hashed_at.append(time.monotonic())
        return result


async def test_a_slow_password_hash_does_not_stall_other_requests(
    tmp_path: Path, sqlite_database_url: str
) -> None:
    hasher = TimedHasher(rounds=13)  # about a second of work
    container = build_container(make_settings(tmp_path, sqlite_database_url), hasher=hasher)
    transport = httpx.ASGITransport(app=create_app(container=container))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        signing_up = asyncio.create_task(signup(client, unique_email()))
        await asyncio.sleep(0.05)  # the hash is under way
        envelope(await client.get("/api/health"), 200)
        health_done = time.monotonic()
        await signing_up
    await container.close()
    # Had bcrypt run on the event loop, the health check would wait for it.
    assert health_done < hasher.hashed_at[0]
