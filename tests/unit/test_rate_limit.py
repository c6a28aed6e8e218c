"""Rate limits: the sliding-log limiter in memory, and how sign-in uses it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from authgate.application.auth.login import Login
from authgate.application.auth.signup import Signup
from authgate.bootstrap import Container
from authgate.domain import errors
from authgate.domain.models import ClientInfo
from authgate.infrastructure.rate_limit import (
    DEFAULT_LIMITS,
    MemoryRateLimiter,
    NoRateLimits,
    Window,
    build_rate_limiter,
    parse_windows,
)
from authgate.presentation.rate_limits import address_key
from tests.unit.bootstrap import bootstrap_test_app
from tests.unit.fakes import FakeClock, FakeHasher, FakeUnitOfWork

CLIENT = ClientInfo(ip="203.0.113.7", user_agent="pytest")
PASSWORD = "a quiet meadow at dawn"
EMAIL = "ada@example.com"


class Seconds:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limiter(clock: Seconds | None = None, max_keys: int = 100, **limits: str) -> MemoryRateLimiter:
    return MemoryRateLimiter(
        {**DEFAULT_LIMITS, **limits},  # type: ignore[dict-item]
        max_keys=max_keys,
        clock=clock or Seconds(),
    )


@pytest.fixture
def app(tmp_path: Path, uow: FakeUnitOfWork, hasher: FakeHasher, clock: FakeClock) -> Container:
    return bootstrap_test_app(
        tmp_path,
        uow=uow,
        hasher=hasher,
        clock=clock,
        rate_limiter=limiter(login_account="3/minute"),
    )


async def test_hits_fit_until_the_budget_is_spent_then_nothing_is_counted() -> None:
    rl = limiter(signup="3/minute")
    assert [await rl.hit("signup", "a") for _ in range(5)] == [True, True, True, False, False]
    assert await rl.hit("signup", "b"), "another key has its own budget"
    assert await rl.hit("refresh", "a"), "another rule has its own budget"


async def test_a_refund_gives_the_place_back() -> None:
    rl = limiter(signup="2/minute")
    first = await rl.reserve("signup", "a")
    assert first is not None and await rl.reserve("signup", "a") is not None
    assert await rl.reserve("signup", "a") is None
    await rl.refund(first)
    assert await rl.reserve("signup", "a") is not None
    assert await rl.reserve("signup", "a") is None


async def test_only_the_reservation_that_takes_the_last_place_is_the_last() -> None:
    rl = limiter(signup="3/minute;10/hour")
    taken = [await rl.reserve("signup", "a") for _ in range(3)]
    assert [r.last for r in taken if r is not None] == [False, False, True]


async def test_reservations_made_at_once_never_overshoot() -> None:
    rl = limiter(login_account="5/minute;20/hour;100/day")
    taken = await asyncio.gather(*(rl.reserve("login_account", "a") for _ in range(18)))
    assert sum(r is not None for r in taken) == 5
    assert sum(r is not None and r.last for r in taken) == 1


async def test_every_window_of_a_rule_must_have_room() -> None:
    clock = Seconds()
    rl = limiter(clock, signup="5/minute;2/hour")
    assert [await rl.hit("signup", "a") for _ in range(3)] == [True, True, False]
    clock.now += 600
    assert not await rl.hit("signup", "a"), "the hour is still full"
    assert await rl.retry_after("signup", "a") == 3000


async def test_a_refused_attempt_takes_no_place_in_any_window() -> None:
    clock = Seconds()
    rl = limiter(clock, signup="1/minute;5/hour")
    fitted = []
    for _ in range(6):
        fitted += [await rl.hit("signup", "a"), await rl.hit("signup", "a")]
        clock.now += 61
    assert fitted == [True, False] * 5 + [False, False], "refusals spent none of the hour"


async def test_the_window_slides_and_retry_after_is_when_the_oldest_place_frees() -> None:
    clock = Seconds()
    rl = limiter(clock, signup="2/minute")
    await rl.hit("signup", "a")
    clock.now += 20
    await rl.hit("signup", "a")
    clock.now += 10
    assert await rl.retry_after("signup", "a") == 30
    clock.now += 30
    assert await rl.hit("signup", "a"), "the first attempt has left the window"
    assert await rl.retry_after("signup", "a") == 20


async def test_retry_after_is_at_least_one_second() -> None:
    clock = Seconds()
    rl = limiter(clock, signup="1/minute")
    assert await rl.retry_after("signup", "a") == 1
    await rl.hit("signup", "a")
    clock.now += 59.5
    assert await rl.retry_after("signup", "a") == 1


async def test_clear_forgets_the_key() -> None:
    rl = limiter(signup="1/minute")
    await rl.hit("signup", "a")
    await rl.clear("signup", "a")
    assert await rl.hit("signup", "a")


async def test_distinct_keys_keep_the_store_at_its_bound() -> None:
    rl = limiter(max_keys=10, signup="3/minute")
    await rl.hit("signup", "ada")
    await rl.hit("signup", "ada")
    for n in range(1000):
        await rl.hit("signup", f"someone-{n}@example.com")
        if n % 5 == 0:
            await rl.retry_after("signup", "ada")  # a use that counts nothing
        assert rl.stored_keys() <= 10
    assert rl.stored_keys() == 10
    assert [await rl.hit("signup", "ada") for _ in range(2)] == [True, False], (
        "the recently used key kept its count"
    )


async def test_the_least_recently_used_key_goes_first() -> None:
    rl = limiter(max_keys=2, signup="1/minute")
    await rl.hit("signup", "old")
    await rl.hit("signup", "new")
    await rl.hit("signup", "newest")
    assert await rl.hit("signup", "old"), "forgotten, so it starts afresh"
    assert not await rl.hit("signup", "newest")


def test_windows_are_parsed_longest_first() -> None:
    assert parse_windows("5/minute;20/hour;2/3 seconds") == (
        Window(20, 3600),
        Window(5, 60),
        Window(2, 3),
    )
    with pytest.raises(ValueError):
        parse_windows("5 per minute")
    with pytest.raises(ValueError):
        parse_windows("0/minute")


def test_build_picks_memory_by_default_and_nothing_when_disabled() -> None:
    assert isinstance(build_rate_limiter(True, None), MemoryRateLimiter)
    assert isinstance(build_rate_limiter(False, "redis://127.0.0.1:6379/0"), NoRateLimits)


def test_every_rule_has_a_budget() -> None:
    for text in DEFAULT_LIMITS.values():
        assert parse_windows(text)
    assert {"password_reset", "email_verify"} <= set(DEFAULT_LIMITS)


def test_defaults_keep_failed_sign_ins_within_nist_800_63b() -> None:
    daily = [p for p in DEFAULT_LIMITS["login_account"].split(";") if p.endswith("/day")]
    assert daily and int(daily[0].split("/")[0]) <= 100


@pytest.mark.parametrize(
    ("ip", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (None, "unknown"),
    ],
)
def test_address_keys_group_an_ipv6_subscriber_by_its_64(ip: str | None, key: str) -> None:
    assert address_key(ip) == key


async def test_only_failed_sign_ins_count_against_the_account(app: Container) -> None:
    await app.auth.signup(Signup("Ada", EMAIL, PASSWORD))
    for _ in range(6):
        await app.auth.login(Login(EMAIL, PASSWORD, CLIENT))
    for _ in range(3):
        with pytest.raises(errors.InvalidCredentials):
            await app.auth.login(Login(EMAIL, "wrong password!", CLIENT))
    with pytest.raises(errors.RateLimited) as refused:
        await app.auth.login(Login(EMAIL, PASSWORD, CLIENT))  # even the right password waits
    assert 1 <= refused.value.retry_after <= 60


async def test_an_outage_during_sign_in_counts_no_failure(
    app: Container, uow: FakeUnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    await app.auth.signup(Signup("Ada", EMAIL, PASSWORD))

    async def unreachable(email: str) -> None:
        raise errors.ServiceUnavailable()

    with monkeypatch.context() as patched:
        patched.setattr(uow.users, "get_by_email", unreachable)
        for _ in range(5):
            with pytest.raises(errors.ServiceUnavailable):
                await app.auth.login(Login(EMAIL, "wrong password!", CLIENT))
    for _ in range(3):
        with pytest.raises(errors.InvalidCredentials):
            await app.auth.login(Login(EMAIL, "wrong password!", CLIENT))


async def test_the_account_key_is_the_normalised_email(app: Container) -> None:
    await app.auth.signup(Signup("Ada", EMAIL, PASSWORD))
    for spelling in ("Ada@Example.com", " ada@EXAMPLE.com ", EMAIL):
        with pytest.raises(errors.InvalidCredentials):
            await app.auth.login(Login(spelling, "wrong password!", CLIENT))
    with pytest.raises(errors.RateLimited):
        await app.auth.login(Login(EMAIL, PASSWORD, CLIENT))


async def test_an_unknown_email_is_throttled_like_a_real_one(
    app: Container, hasher: FakeHasher
) -> None:
    for _ in range(3):
        with pytest.raises(errors.InvalidCredentials):
            await app.auth.login(Login("nobody@example.com", "wrong password!", CLIENT))
    with pytest.raises(errors.RateLimited):
        await app.auth.login(Login("nobody@example.com", "wrong password!", CLIENT))
    assert hasher.dummy_verifications == 3, "a throttled attempt spends no hashing"


async def test_the_lockout_is_recorded_once_for_the_account(
    app: Container, uow: FakeUnitOfWork
) -> None:
    user = await app.auth.signup(Signup("Ada", EMAIL, PASSWORD))
    for _ in range(3):
        with pytest.raises(errors.InvalidCredentials):
            await app.auth.login(Login(EMAIL, "wrong password!", CLIENT))
    for _ in range(4):
        with pytest.raises(errors.RateLimited):
            await app.auth.login(Login(EMAIL, PASSWORD, CLIENT))
    events = [e.event for e in uow.security_events.rows if e.user_id == user.id]
    assert events.count("login_failed") == 3
    assert events.count("login_throttled") == 1
    assert "login_succeeded" not in events
