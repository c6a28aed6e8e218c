"""Rate limits in Redis: every process sees the same counters, changed atomically."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
import redis.asyncio as redis

from authgate.bootstrap import build_container
from authgate.domain.errors import ServiceUnavailable
from authgate.domain.ports import RateLimiter
from authgate.infrastructure.rate_limit import DEFAULT_LIMITS, build_rate_limiter
from authgate.infrastructure.rate_limit_redis import RedisRateLimiter
from authgate.presentation.app import create_app
from tests.conftest import REDIS_URL, make_settings, require

pytestmark = pytest.mark.redis


@pytest.fixture
def prefix() -> str:
    return f"authgate-test-{uuid.uuid4().hex}"


@pytest.fixture
async def store(prefix: str) -> AsyncIterator[redis.Redis]:
    """The test's Redis; the keys under its prefix are removed afterwards (no FLUSHDB)."""
    client = redis.Redis.from_url(require(REDIS_URL, "AUTHGATE_TEST_REDIS_URL (Redis)"))
    yield client
    keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


@pytest.fixture
async def shared(store: redis.Redis, prefix: str) -> AsyncIterator[Callable[[], RateLimiter]]:
    """Makes limiters that share one Redis under the test's prefix."""
    made: list[RateLimiter] = []

    def make() -> RateLimiter:
        made.append(build_rate_limiter(True, REDIS_URL, key_prefix=prefix))
        return made[-1]

    yield make
    for limiter in made:
        await limiter.close()


@pytest.fixture
async def limiter(store: redis.Redis, prefix: str) -> AsyncIterator[RedisRateLimiter]:
    """Short windows, so a test can watch them slide."""
    limits = {**DEFAULT_LIMITS, "signup": "2/minute;3/hour", "refresh": "2/1 second"}
    client = redis.Redis.from_url(require(REDIS_URL, "AUTHGATE_TEST_REDIS_URL (Redis)"))
    made = RedisRateLimiter(client, limits, key_prefix=prefix)  # type: ignore[arg-type]
    yield made
    await made.close()


async def test_two_processes_share_one_budget(shared: Callable[[], RateLimiter]) -> None:
    first, second = shared(), shared()
    assert isinstance(first, RedisRateLimiter)
    for limiter in (first, second, first, second, first):
        assert await limiter.hit("signup", "198.51.100.1")
    assert not await second.hit("signup", "198.51.100.1")
    assert not await first.hit("signup", "198.51.100.1")
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


async def test_reservations_made_at_once_never_overshoot(
    shared: Callable[[], RateLimiter],
) -> None:
    limiters = [shared() for _ in range(3)]
    taken = await asyncio.gather(
        *(limiters[n % 3].reserve("login_account", "ada@example.com") for n in range(18))
    )
    assert sum(r is not None for r in taken) == 5
    assert sum(r is not None and r.last for r in taken) == 1


async def test_a_refund_gives_the_place_back(limiter: RedisRateLimiter) -> None:
    first = await limiter.reserve("signup", "a")
    assert first is not None and not first.last
    second = await limiter.reserve("signup", "a")
    assert second is not None and second.last
    assert await limiter.reserve("signup", "a") is None
    await limiter.refund(first)
    assert await limiter.reserve("signup", "a") is not None


async def test_every_window_must_have_room_and_a_refusal_takes_none(
    limiter: RedisRateLimiter, store: redis.Redis, prefix: str
) -> None:
    assert [await limiter.hit("signup", "a") for _ in range(3)] == [True, True, False]
    assert 50 <= await limiter.retry_after("signup", "a") <= 60
    [key] = [k async for k in store.scan_iter(match=f"{prefix}*")]
    assert await store.zcard(key) == 2, "the refused attempt left no trace"
    for member in await store.zrange(key, 0, -1):  # two minutes pass
        await store.zincrby(key, -120_000, member)
    assert await limiter.hit("signup", "a")
    assert not await limiter.hit("signup", "a"), "the minute has room, the hour has not"
    assert 3400 <= await limiter.retry_after("signup", "a") <= 3480


async def test_the_window_slides(limiter: RedisRateLimiter) -> None:
    assert [await limiter.hit("refresh", "a") for _ in range(3)] == [True, True, False]
    assert await limiter.retry_after("refresh", "a") == 1
    await asyncio.sleep(1.1)
    assert await limiter.hit("refresh", "a")


async def test_keys_are_hashed_and_expire(
    limiter: RedisRateLimiter, store: redis.Redis, prefix: str
) -> None:
    await limiter.hit("signup", "ada@example.com")
    [key] = [k async for k in store.scan_iter(match=f"{prefix}*")]
    assert b"ada" not in key and b"example" not in key
    assert 3500_000 < await store.pttl(key) <= 3600_000


async def test_clear_forgets_the_key(limiter: RedisRateLimiter) -> None:
    for _ in range(2):
        await limiter.hit("signup", "a")
    await limiter.clear("signup", "a")
    assert await limiter.hit("signup", "a")


async def test_an_unreachable_redis_is_service_unavailable() -> None:
    limiter = build_rate_limiter(True, "redis://127.0.0.1:1/0")
    try:
        with pytest.raises(ServiceUnavailable):
            await limiter.reserve("login_account", "ada@example.com")
        with pytest.raises(ServiceUnavailable):
            await limiter.retry_after("login_account", "ada@example.com")
    finally:
        await limiter.close()
