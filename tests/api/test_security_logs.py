"""No password or token ever reaches a log: canaries planted in every place a secret goes."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import envelope, signup, unique_email

AUTHGATE = str(Path(sys.executable).parent / "authgate")
CLIENT_SIDE_LOGGERS = ("httpx", "httpcore")  # the test's own HTTP client, not the server


def canary(kind: str) -> str:
    return f"canary-{kind}-{uuid.uuid4().hex}"


def plant_canaries() -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, request kwargs) that carry secrets in every place one can go."""
    password, wrong, refresh = canary("password"), canary("wrong"), canary("refresh")
    email = unique_email()
    return [
        ("POST", "/api/auth/signup", {"json": {"name": "C", "email": email, "password": password}}),
        ("POST", "/api/auth/login", {"json": {"email": email, "password": password}}),
        ("POST", "/api/auth/login", {"json": {"email": email, "password": wrong}}),
        ("POST", "/api/auth/login", {"json": {"email": unique_email(), "password": wrong}}),
        (
            "POST",
            "/api/auth/signup",
            {"json": {"name": "C", "email": "bad", "password": wrong * 9}},
        ),
        ("POST", "/api/auth/refresh", {"json": {"refresh_token": refresh}}),
        ("POST", "/api/auth/refresh", {"headers": {"Cookie": f"refresh-token={refresh}"}}),
        (
            "POST",
            "/api/auth/token",
            {"data": {"grant_type": "password", "username": email, "password": wrong}},
        ),
        ("GET", f"/api/auth/current-user?access_token={canary('query')}", {}),
        ("GET", f"/api/health?token={canary('query')}&password={canary('query')}", {}),
        (
            "GET",
            "/api/auth/current-user",
            {"headers": {"Authorization": f"Bearer {canary('hdr')}"}},
        ),
        ("GET", "/api/health", {"headers": {"X-Api-Key": canary("header")}}),
    ]


async def test_no_secret_reaches_the_app_logs(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    requests = plant_canaries()
    for method, path, kwargs in requests:
        await client.request(method, path, **kwargs)
    issued = await issued_tokens(client)
    server_records = [r for r in caplog.records if not r.name.startswith(CLIENT_SIDE_LOGGERS)]
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in server_records)
    assert "login_failed" in logged, "the security log was captured"
    for secret in {*canaries_of(requests), *issued}:
        assert secret not in logged, secret


async def issued_tokens(client: httpx.AsyncClient) -> list[str]:
    """Real tokens issued while logs were captured: they must not be logged either."""
    email = unique_email()
    await signup(client, email)
    resp = await client.post(
        "/api/auth/token",
        data={"grant_type": "password", "username": email, "password": "a quiet meadow at dawn"},
    )
    body = resp.json()
    refreshed = await client.post(
        "/api/auth/refresh", json={"refresh_token": body["refresh_token"]}
    )
    pair = envelope(refreshed, 200)["data"]
    return [
        body["access_token"],
        body["refresh_token"],
        pair["access_token"],
        pair["refresh_token"],
    ]


def canaries_of(requests: list[tuple[str, str, dict[str, Any]]]) -> set[str]:
    found = set()
    for word in repr(requests).replace("'", " ").replace("=", " ").replace("&", " ").split():
        if word.startswith("canary-"):
            found.add(word.strip('",{}:'))
    assert len(found) >= 6
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A real `authgate serve` (uvicorn, its access log on) writing its output to a file."""
    port, log = free_port(), tmp_path / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTHGATE_")}
    env.update(
        AUTHGATE_DATA_DIR=str(tmp_path / "data"),
        AUTHGATE_BCRYPT_ROUNDS="4",
        AUTHGATE_COOKIE_SECURE="false",
        AUTHGATE_RATE_LIMITS="false",
    )
    with log.open("w") as out:
        proc = subprocess.Popen(
            [AUTHGATE, "serve", "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, proc)
        yield base, log
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_until_healthy(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, "authgate serve exited early"
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("authgate serve did not become healthy")


def test_no_secret_reaches_a_real_servers_output(served: tuple[str, Path]) -> None:
    base, log = served
    with httpx.Client(base_url=base, timeout=10) as client:
        requests = plant_canaries()
        answers = [client.request(method, path, **kwargs) for method, path, kwargs in requests]
        health = client.get("/api/health")
    assert "server" not in health.headers and health.headers["x-content-type-options"] == "nosniff"
    assert answers[1].status_code == 200, answers[1].text
    time.sleep(0.3)  # let the access log flush
    output = log.read_text()
    assert '"GET /api/health HTTP/1.1" 200' in output, "the access log was captured"
    assert "login_failed" in output, "the security log was captured"
    for secret in canaries_of(requests):
        assert secret not in output, secret
    for cookie in answers[1].headers.get_list("set-cookie"):
        token = cookie.split(";", 1)[0].split("=", 1)[1]
        assert token not in output
