"""Rate limits in Redis: every process sees the same counters."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
import redis.asyncio as redis

from authgate.bootstrap import build_container
from authgate.domain.ports import RateLimiter
from authgate.infrastructure.rate_limit import LimitsRateLimiter, build_rate_limiter
from authgate.presentation.app import create_app
from tests.conftest import REDIS_URL, make_settings, require

pytestmark = pytest.mark.redis


@pytest.fixture
async def shared() -> AsyncIterator[Callable[[], RateLimiter]]:
    """Makes limiters that share one Redis under a prefix of their own (no FLUSHDB)."""
    url = require(REDIS_URL, "AUTHGATE_TEST_REDIS_URL (Redis)")
    prefix = f"authgate-test-{uuid.uuid4().hex}"
    made: list[RateLimiter] = []

    def make() -> RateLimiter:
        made.append(build_rate_limiter(True, url, key_prefix=prefix))
        return made[-1]

    yield make
    for limiter in made:
        await limiter.close()
    client = redis.Redis.from_url(url)
    keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


async def test_two_processes_share_one_budget(shared: Callable[[], RateLimiter]) -> None:
    first, second = shared(), shared()
    assert isinstance(first, LimitsRateLimiter)
    for limiter in (first, second, first, second, first):
        assert await limiter.hit("signup", "198.51.100.1")
    assert not await second.hit("signup", "198.51.100.1")
    assert not await first.test("signup", "198.51.100.1")
    assert 1 <= await second.retry_after("signup", "198.51.100.1") <= 60
    assert await first.hit("signup", "198.51.100.2")


async def test_an_account_locked_on_one_server_is_locked_on_another(
    shared: Callable[[], RateLimiter], tmp_path: Path, sqlite_database_url: str
) -> None:
    settings = make_settings(tmp_path, sqlite_database_url, rate_limits=True)
    containers = [build_container(settings, rate_limiter=shared()) for _ in range(2)]
    clients = [
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(container=c)), base_url="http://testserver"
        )
        for c in containers
    ]
    body = {"email": f"{uuid.uuid4().hex}@example.com", "password": "not the password"}
    try:
        for n in range(5):
            resp = await clients[n % 2].post("/api/auth/login", json=body)
            assert resp.status_code == 401
        for client in clients:
            resp = await client.post("/api/auth/login", json=body)
            assert resp.status_code == 429 and resp.json()["error"] == "rate_limited"
    finally:
        for client in clients:
            await client.aclose()
        for container in containers:
            await container.close()
