"""Rate limits with the `limits` library: moving windows, in process or shared in Redis.

Each rule has one or more windows; an attempt fits only when it fits all of them.
Keys are hashed, so no email address is stored in Redis and every key has one length.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Mapping

import redis.asyncio as redis
from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError

from authgate.domain.errors import ServiceUnavailable
from authgate.domain.ports import RateLimiter, RateRule

# NIST SP 800-63B 5.2.2 allows at most 100 failed attempts per account; an address
# gets more room, since many people may share one (an office, a carrier's NAT).
DEFAULT_LIMITS: Mapping[RateRule, str] = {
    "login_account": "5/minute;20/hour;100/day",  # failed sign-ins only
    "login_address": "20/minute;200/hour",  # every sign-in attempt
    "signup": "5/minute;20/hour",
    "password_forgot": "5/minute;20/hour",
    "password_forgot_account": "5/hour;20/day",  # no mailbox is flooded with links
    "verification_resend": "3/minute;10/hour",
    "refresh": "60/minute;1000/hour",
}
REDIS_TIMEOUT_SECONDS = 2.0
STORE_ERRORS = (StorageError, OSError, TimeoutError)


class LimitsRateLimiter:
    def __init__(
        self,
        storage: Storage,
        limits: Mapping[RateRule, str] = DEFAULT_LIMITS,
        pool: redis.ConnectionPool | None = None,
    ) -> None:
        self._strategy, self._pool = MovingWindowRateLimiter(storage), pool
        self._items: dict[RateRule, list[RateLimitItem]] = {
            rule: parse_many(text) for rule, text in limits.items()
        }

    async def hit(self, rule: RateRule, key: str) -> bool:
        ident = _digest(key)
        try:
            if not await self._fits(rule, ident):
                return False
            for item in self._items[rule]:
                if not await self._strategy.hit(item, rule, ident):
                    return False  # a concurrent attempt took the last place
            return True
        except STORE_ERRORS as exc:
            raise ServiceUnavailable() from exc

    async def test(self, rule: RateRule, key: str) -> bool:
        try:
            return await self._fits(rule, _digest(key))
        except STORE_ERRORS as exc:
            raise ServiceUnavailable() from exc

    async def retry_after(self, rule: RateRule, key: str) -> int:
        ident, now, wait = _digest(key), time.time(), 1.0
        try:
            for item in self._items[rule]:
                stats = await self._strategy.get_window_stats(item, rule, ident)
                if stats.remaining <= 0:
                    wait = max(wait, stats.reset_time - now)
        except STORE_ERRORS as exc:
            raise ServiceUnavailable() from exc
        return math.ceil(wait)

    async def clear(self, rule: RateRule, key: str) -> None:
        ident = _digest(key)
        try:
            for item in self._items[rule]:
                await self._strategy.clear(item, rule, ident)
        except STORE_ERRORS as exc:
            raise ServiceUnavailable() from exc

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.disconnect()

    async def _fits(self, rule: RateRule, ident: str) -> bool:
        for item in self._items[rule]:
            if not await self._strategy.test(item, rule, ident):
                return False
        return True


class NoRateLimits:
    """AUTHGATE_RATE_LIMITS=false: every attempt fits (benchmarks, functional tests)."""

    async def hit(self, rule: RateRule, key: str) -> bool:
        return True

    async def test(self, rule: RateRule, key: str) -> bool:
        return True

    async def retry_after(self, rule: RateRule, key: str) -> int:
        return 1

    async def clear(self, rule: RateRule, key: str) -> None:
        return None

    async def close(self) -> None:
        return None


def build_rate_limiter(
    enabled: bool, redis_url: str | None, key_prefix: str = "authgate"
) -> RateLimiter:
    """In-process counters by default; Redis when configured, so every process shares them."""
    if not enabled:
        return NoRateLimits()
    if not redis_url:
        return LimitsRateLimiter(MemoryStorage())
    pool = redis.ConnectionPool.from_url(
        redis_url.removeprefix("async+"),
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )
    storage = RedisStorage(
        _async_uri(redis_url),
        wrap_exceptions=True,
        implementation="redispy",
        key_prefix=key_prefix,
        connection_pool=pool,  # type: ignore[arg-type]  # limits types options narrowly
    )
    return LimitsRateLimiter(storage, pool=pool)


def _async_uri(url: str) -> str:
    return url if url.startswith("async+") else f"async+{url}"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
