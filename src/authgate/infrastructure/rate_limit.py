"""Rate limits: a sliding log of attempts per rule and key, in process or shared in Redis.

Each rule has one or more windows ("5/minute;20/hour"); an attempt fits only when it
fits all of them, and takes its place in all of them in one atomic step, so attempts
sent at once get no more places than attempts sent one after another. A place can be
refunded (a right password never counts). Keys are hashed, so no email address is
stored and every key has one length.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from authgate.domain.ports import RateLimiter, RateReservation, RateRule

# NIST SP 800-63B 5.2.2 allows at most 100 failed attempts per account; an address
# gets more room, since many people may share one (an office, a carrier's NAT).
DEFAULT_LIMITS: Mapping[RateRule, str] = {
    "login_account": "5/minute;20/hour;100/day",  # failed sign-ins only
    "login_address": "20/minute;200/hour",  # every sign-in attempt
    "signup": "5/minute;20/hour",
    "password_forgot": "5/minute;20/hour",
    "password_forgot_account": "5/hour;20/day",  # no mailbox is flooded with links
    "password_reset": "10/minute;100/hour",
    "email_verify": "10/minute;100/hour",
    "verification_resend": "3/minute;10/hour",
    "refresh": "60/minute;1000/hour",
    "mfa_account": "5/minute;20/hour;100/day",  # wrong second-factor codes only
}
MAX_KEYS = 100_000  # keys kept in process; the least recently used one goes first
UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
WINDOW_TEXT = re.compile(r"(\d+)\s*/\s*(\d*)\s*(second|minute|hour|day)s?")


@dataclass(frozen=True)
class Window:
    limit: int
    seconds: float


def parse_windows(text: str) -> tuple[Window, ...]:
    """The windows of a text like "5/minute;20/hour" or "2/3 seconds", longest first."""
    windows = []
    for part in text.split(";"):
        match = WINDOW_TEXT.fullmatch(part.strip())
        if match is None or int(match[1]) < 1:
            raise ValueError(f"not a rate limit: {part!r}")
        windows.append(Window(int(match[1]), int(match[2] or 1) * UNIT_SECONDS[match[3]]))
    return tuple(sorted(windows, key=lambda w: w.seconds, reverse=True))


class MemoryRateLimiter:
    """Counts in this process. Per hashed key a log of (time, id), oldest first, in an
    LRU of at most `max_keys` keys, so distinct emails cannot grow memory without limit.
    Nothing awaits inside a step, so each step is atomic on the event loop."""

    def __init__(
        self,
        limits: Mapping[RateRule, str] = DEFAULT_LIMITS,
        max_keys: int = MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._windows = {rule: parse_windows(text) for rule, text in limits.items()}
        self._logs: OrderedDict[str, list[tuple[float, str]]] = OrderedDict()
        self._max_keys, self._clock, self._ids = max_keys, clock, itertools.count()

    def stored_keys(self) -> int:
        return len(self._logs)

    async def reserve(self, rule: RateRule, key: str) -> RateReservation | None:
        now, log = self._clock(), self._log(rule, key)
        left = min(w.limit - _count_since(log, now - w.seconds) for w in self._windows[rule])
        if left <= 0:
            return None
        reservation = RateReservation(rule, key, str(next(self._ids)), last=left == 1)
        log.append((now, reservation.id))
        return reservation

    async def refund(self, reservation: RateReservation) -> None:
        log = self._logs.get(hashed_key(reservation.rule, reservation.key), [])
        log[:] = [entry for entry in log if entry[1] != reservation.id]

    async def hit(self, rule: RateRule, key: str) -> bool:
        return await self.reserve(rule, key) is not None

    async def retry_after(self, rule: RateRule, key: str) -> int:
        now, log = self._clock(), self._log(rule, key)
        waits = [_wait(log, window, now) for window in self._windows[rule]]
        return max(1, math.ceil(max(waits)))

    async def clear(self, rule: RateRule, key: str) -> None:
        self._logs.pop(hashed_key(rule, key), None)

    async def close(self) -> None:
        return None

    def _log(self, rule: RateRule, key: str) -> list[tuple[float, str]]:
        """The key's log without attempts older than the rule's longest window, now the
        most recently used key."""
        ident, cutoff = hashed_key(rule, key), self._clock() - self._windows[rule][0].seconds
        log = self._logs.setdefault(ident, [])
        self._logs.move_to_end(ident)
        del log[: len(log) - _count_since(log, cutoff)]
        if len(self._logs) > self._max_keys:
            self._logs.popitem(last=False)
        return log


def _count_since(log: list[tuple[float, str]], since: float) -> int:
    return len(log) - bisect.bisect_right(log, since, key=lambda entry: entry[0])


def _wait(log: list[tuple[float, str]], window: Window, now: float) -> float:
    """Seconds until the window has room: until its limit-th newest attempt leaves it."""
    if _count_since(log, now - window.seconds) < window.limit:
        return 0.0
    return log[-window.limit][0] + window.seconds - now


class NoRateLimits:
    """AUTHGATE_RATE_LIMITS=false: every attempt fits (benchmarks, functional tests)."""

    async def reserve(self, rule: RateRule, key: str) -> RateReservation | None:
        return RateReservation(rule, key, "", last=False)

    async def refund(self, reservation: RateReservation) -> None:
        return None

    async def hit(self, rule: RateRule, key: str) -> bool:
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
        return MemoryRateLimiter()
    # Imported only when configured: redis-py adds a third of a second to every start.
    from authgate.infrastructure.rate_limit_redis import redis_rate_limiter

    return redis_rate_limiter(redis_url, key_prefix)


def hashed_key(rule: RateRule, key: str) -> str:
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{rule}:{digest}"
