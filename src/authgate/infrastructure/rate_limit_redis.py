"""Rate limits shared by every process, in Redis (see rate_limit.py for the rules)."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import redis.asyncio as redis
from redis.exceptions import RedisError

from authgate.domain.errors import ServiceUnavailable
from authgate.domain.ports import RateReservation, RateRule
from authgate.infrastructure.rate_limit import DEFAULT_LIMITS, hashed_key, parse_windows

REDIS_TIMEOUT_SECONDS = 2.0
STORE_ERRORS = (RedisError, OSError, TimeoutError)


# Both scripts read the time from Redis, so every process uses one clock; times in ms.
# KEYS[1]: the log of one rule and key, ids scored by time. ARGV: limit, window pairs,
# the longest window first; for RESERVE, ARGV[1] is the new id before them.
RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local longest = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
local left = nil
for i = 2, #ARGV, 2 do
  local since = '(' .. (now - tonumber(ARGV[i + 1]))
  local room = tonumber(ARGV[i]) - redis.call('ZCOUNT', KEYS[1], since, '+inf')
  if room <= 0 then return -1 end
  if left == nil or room < left then left = room end
end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], longest)
return left - 1
"""
RETRY_AFTER = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
for i = 1, #ARGV, 2 do
  local limit, window = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  local since = '(' .. (now - window)
  local inside = redis.call('ZCOUNT', KEYS[1], since, '+inf')
  if inside >= limit then
    local first = redis.call('ZRANGEBYSCORE', KEYS[1], since, '+inf', 'WITHSCORES',
      'LIMIT', inside - limit, 1)
    wait = math.max(wait, tonumber(first[2]) + window - now)
  end
end
return wait
"""


class RedisRateLimiter:
    """Counts shared by every process: one sorted set per rule and hashed key, trimmed,
    checked and added to by one Lua script. Keys expire with their longest window."""

    def __init__(
        self,
        client: redis.Redis,
        limits: Mapping[RateRule, str] = DEFAULT_LIMITS,
        key_prefix: str = "authgate",
    ) -> None:
        self._redis, self._prefix = client, key_prefix
        self._windows = {rule: parse_windows(text) for rule, text in limits.items()}
        self._reserve = client.register_script(RESERVE)
        self._retry_after = client.register_script(RETRY_AFTER)

    async def reserve(self, rule: RateRule, key: str) -> RateReservation | None:
        member, log = uuid.uuid4().hex, self._key(rule, key)
        with _unavailable_on_store_errors():
            left = await self._reserve(keys=[log], args=[member, *self._args(rule)])
        if int(left) < 0:
            return None
        return RateReservation(rule, key, member, last=int(left) == 0)

    async def refund(self, reservation: RateReservation) -> None:
        with _unavailable_on_store_errors():
            await self._redis.zrem(self._key(reservation.rule, reservation.key), reservation.id)

    async def hit(self, rule: RateRule, key: str) -> bool:
        return await self.reserve(rule, key) is not None

    async def retry_after(self, rule: RateRule, key: str) -> int:
        with _unavailable_on_store_errors():
            wait_ms = await self._retry_after(keys=[self._key(rule, key)], args=self._args(rule))
        return max(1, math.ceil(int(wait_ms) / 1000))

    async def clear(self, rule: RateRule, key: str) -> None:
        with _unavailable_on_store_errors():
            await self._redis.delete(self._key(rule, key))

    async def close(self) -> None:
        await self._redis.aclose()

    def _key(self, rule: RateRule, key: str) -> str:
        return f"{self._prefix}:{hashed_key(rule, key)}"

    def _args(self, rule: RateRule) -> list[int]:
        return [n for w in self._windows[rule] for n in (w.limit, int(w.seconds * 1000))]


def redis_rate_limiter(redis_url: str, key_prefix: str = "authgate") -> RedisRateLimiter:
    client = redis.Redis.from_url(
        redis_url.removeprefix("async+"),
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )
    return RedisRateLimiter(client, key_prefix=key_prefix)


@contextmanager
def _unavailable_on_store_errors() -> Iterator[None]:
    try:
        yield
    except STORE_ERRORS as exc:
        raise ServiceUnavailable() from exc
