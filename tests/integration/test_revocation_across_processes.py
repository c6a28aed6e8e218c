"""Revocation reaches every process within a second: `serve --workers 2` on SQLite
without Redis and on PostgreSQL with Redis; Redis lost and back; both stores lost."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import jwt
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import REDIS_URL, require
from tests.servers import PrivateRedis, ThreadedProxy, serve, serve_env

PASSWORD = "two workers, one truth"
CURRENT_USER = "/api/auth/current-user"
PROBES = 10
# What is under test is revocation; a shared Redis keeps every run's signups from
# 127.0.0.1 in one budget, which would make these tests depend on what ran before.
NO_LIMITS = {"AUTHGATE_RATE_LIMITS": "false"}


def signed_in(base: str, email: str) -> httpx.Client:
    """A browser-like client with its own session (no connection kept open after)."""
    client = httpx.Client(base_url=base, timeout=10, headers={"Connection": "close"})
    client.post("/api/auth/signup", json={"name": "W", "email": email, "password": PASSWORD})
    resp = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    return client


def probe(base: str, token: str) -> list[httpx.Response]:
    """current-user over fresh connections, which the kernel spreads over the workers."""
    answers = []
    for _ in range(PROBES):
        with httpx.Client(base_url=base, timeout=5) as fresh:
            answers.append(fresh.get(CURRENT_USER, headers={"Authorization": f"Bearer {token}"}))
    return answers


def seen_within_a_second(
    base: str, token: str, changed_at: float, check: Callable[[httpx.Response], bool]
) -> None:
    time.sleep(max(0.0, changed_at + 1.0 - time.monotonic()))
    answers = probe(base, token)
    assert all(check(r) for r in answers), [r.text for r in answers]


def refused(resp: httpx.Response) -> bool:
    return resp.status_code == 401 and resp.json()["error"] == "invalid_token"


def session_id(client: httpx.Client) -> str:
    return str(
        jwt.decode(client.cookies["access-token"], options={"verify_signature": False})["sid"]
    )


def every_kind_of_change_reaches_every_worker(base: str) -> None:
    email = f"w-{uuid.uuid4().hex[:12]}@example.com"
    a, b, c, d = (signed_in(base, email) for _ in range(4))
    tokens = {name: x.cookies["access-token"] for name, x in zip("abcd", (a, b, c, d), strict=True)}
    for token in tokens.values():
        assert all(r.status_code == 200 for r in probe(base, token))

    assert a.post("/api/auth/logout").status_code == 200
    seen_within_a_second(base, tokens["a"], time.monotonic(), refused)

    assert c.delete(f"/api/auth/sessions/{session_id(b)}").status_code == 200
    seen_within_a_second(base, tokens["b"], time.monotonic(), refused)

    assert c.patch("/api/users/me", json={"name": "Renamed"}).status_code == 200
    renamed = time.monotonic()
    seen_within_a_second(
        base, tokens["d"], renamed, lambda r: r.json()["data"]["name"] == "Renamed"
    )

    body = {"current_password": PASSWORD, "new_password": "a fresh passphrase for two"}
    assert c.post("/api/users/me/password", json=body).status_code == 200
    seen_within_a_second(base, tokens["d"], time.monotonic(), refused)
    assert all(r.status_code == 200 for r in probe(base, tokens["c"]))  # the caller stays


def test_sqlite_without_redis(tmp_path: Path) -> None:
    with serve(serve_env(tmp_path, **NO_LIMITS), tmp_path / "serve.log") as base:
        every_kind_of_change_reaches_every_worker(base)


def test_postgresql_with_redis(tmp_path: Path, pg_database_url: str) -> None:
    redis_url = require(REDIS_URL, "AUTHGATE_TEST_REDIS_URL (Redis)")
    env = serve_env(
        tmp_path, AUTHGATE_DATABASE_URL=pg_database_url, AUTHGATE_REDIS_URL=redis_url, **NO_LIMITS
    )
    with serve(env, tmp_path / "serve.log") as base:
        every_kind_of_change_reaches_every_worker(base)


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    redis = PrivateRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


def test_redis_lost_mid_run_falls_back_to_the_database(
    tmp_path: Path, private_redis: PrivateRedis
) -> None:
    env = serve_env(tmp_path, AUTHGATE_REDIS_URL=private_redis.url, **NO_LIMITS)
    log = tmp_path / "serve.log"
    with serve(env, log) as base:
        email = f"r-{uuid.uuid4().hex[:12]}@example.com"
        first, second = signed_in(base, email), signed_in(base, email)
        private_redis.stop()
        token = first.cookies["access-token"]
        assert first.post("/api/auth/logout").status_code == 200  # no 500 without Redis
        seen_within_a_second(base, token, time.monotonic(), refused)
        assert all(r.status_code == 200 for r in probe(base, second.cookies["access-token"]))
        assert "Redis unreachable" in log.read_text()

        private_redis.start()
        deadline = time.monotonic() + 10
        while "Redis reachable again" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "Redis reachable again" in log.read_text()


def test_database_and_redis_lost_is_503_then_recovery(
    tmp_path: Path, pg_database_url: str, private_redis: PrivateRedis
) -> None:
    url = make_url(pg_database_url)
    proxy = ThreadedProxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.start()
    via_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    env = serve_env(
        tmp_path, AUTHGATE_DATABASE_URL=via_proxy, AUTHGATE_REDIS_URL=private_redis.url, **NO_LIMITS
    )
    try:
        with serve(env, tmp_path / "serve.log") as base:
            token = signed_in(base, f"d-{uuid.uuid4().hex[:12]}@example.com").cookies[
                "access-token"
            ]
            assert all(r.status_code == 200 for r in probe(base, token))
            proxy.stop()
            private_redis.stop()
            time.sleep(2.0)
            answers = probe(base, token)
            assert all(r.status_code == 503 for r in answers), [r.text for r in answers]
            assert all(r.json()["error"] == "service_unavailable" for r in answers)
            proxy.start()
            private_redis.start()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if all(r.status_code == 200 for r in probe(base, token)):
                    break
                time.sleep(0.3)
            assert all(r.status_code == 200 for r in probe(base, token))
    finally:
        proxy.close()
