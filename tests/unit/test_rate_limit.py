"""Rate limits: the moving-window limiter in memory, and how sign-in uses it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from limits.aio.storage import MemoryStorage

from authgate.application.login import Login
from authgate.application.signup import Signup
from authgate.bootstrap import Container, build_container
from authgate.config import Settings
from authgate.domain import errors
from authgate.domain.models import ClientInfo
from authgate.infrastructure.rate_limit import (
    DEFAULT_LIMITS,
    LimitsRateLimiter,
    NoRateLimits,
    build_rate_limiter,
)
from authgate.presentation.rate_limits import address_key
from tests.unit.fakes import FakeClock, FakeHasher, FakeUnitOfWork

CLIENT = ClientInfo(ip="203.0.113.7", user_agent="pytest")
PASSWORD = "a quiet meadow at dawn"
EMAIL = "ada@example.com"


def limiter(**limits: str) -> LimitsRateLimiter:
    return LimitsRateLimiter(MemoryStorage(), {**DEFAULT_LIMITS, **limits})  # type: ignore[dict-item]


@pytest.fixture
def app(tmp_path: Path, uow: FakeUnitOfWork, hasher: FakeHasher, clock: FakeClock) -> Container:
    settings = Settings(data_dir=tmp_path, secret_key="unit-test-secret-" + "k" * 40)  # type: ignore[arg-type]
    return build_container(
        settings,
        uow=uow,
        hasher=hasher,
        clock=clock,
        rate_limiter=limiter(login_account="3/minute"),
    )


async def test_hits_fit_until_the_budget_is_spent_then_nothing_is_counted() -> None:
    rl = limiter(signup="3/minute")
    assert [await rl.hit("signup", "a") for _ in range(5)] == [True, True, True, False, False]
    assert not await rl.test("signup", "a")
    assert await rl.hit("signup", "b"), "another key has its own budget"
    assert await rl.hit("refresh", "a"), "another rule has its own budget"


async def test_test_counts_nothing() -> None:
    rl = limiter(signup="2/minute")
    for _ in range(10):
        assert await rl.test("signup", "a")
    assert await rl.hit("signup", "a") and await rl.hit("signup", "a")
    assert not await rl.test("signup", "a")


async def test_every_window_of_a_rule_must_have_room() -> None:
    rl = limiter(signup="5/minute;2/hour")
    assert [await rl.hit("signup", "a") for _ in range(3)] == [True, True, False]
    assert 3500 < await rl.retry_after("signup", "a") <= 3600


async def test_retry_after_is_when_the_oldest_attempt_leaves_the_window() -> None:
    rl = limiter(signup="2 per 2 seconds")
    await rl.hit("signup", "a")
    await rl.hit("signup", "a")
    assert await rl.retry_after("signup", "a") in (1, 2)
    await asyncio.sleep(2.1)
    assert await rl.hit("signup", "a"), "the moving window has moved on"


def test_build_picks_memory_by_default_and_nothing_when_disabled() -> None:
    assert isinstance(build_rate_limiter(True, None), LimitsRateLimiter)
    assert isinstance(build_rate_limiter(False, "redis://127.0.0.1:6379/0"), NoRateLimits)


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
    await app.signup(Signup("Ada", EMAIL, PASSWORD))
    for _ in range(6):
        await app.login(Login(EMAIL, PASSWORD, CLIENT))
    for _ in range(3):
        with pytest.raises(errors.InvalidCredentials):
            await app.login(Login(EMAIL, "wrong password!", CLIENT))
    with pytest.raises(errors.RateLimited) as refused:
        await app.login(Login(EMAIL, PASSWORD, CLIENT))  # even the right password waits
    assert 1 <= refused.value.retry_after <= 60


async def test_the_account_key_is_the_normalised_email(app: Container) -> None:
    await app.signup(Signup("Ada", EMAIL, PASSWORD))
    for spelling in ("Ada@Example.com", " ada@EXAMPLE.com ", EMAIL):
        with pytest.raises(errors.InvalidCredentials):
            await app.login(Login(spelling, "wrong password!", CLIENT))
    with pytest.raises(errors.RateLimited):
        await app.login(Login(EMAIL, PASSWORD, CLIENT))


async def test_an_unknown_email_is_throttled_like_a_real_one(
    app: Container, hasher: FakeHasher
) -> None:
    for _ in range(3):
        with pytest.raises(errors.InvalidCredentials):
            await app.login(Login("nobody@example.com", "wrong password!", CLIENT))
    with pytest.raises(errors.RateLimited):
        await app.login(Login("nobody@example.com", "wrong password!", CLIENT))
    assert hasher.dummy_verifications == 3, "a throttled attempt spends no hashing"


async def test_the_lockout_is_recorded_once_for_the_account(
    app: Container, uow: FakeUnitOfWork
) -> None:
    user = await app.signup(Signup("Ada", EMAIL, PASSWORD))
    for _ in range(3):
        with pytest.raises(errors.InvalidCredentials):
            await app.login(Login(EMAIL, "wrong password!", CLIENT))
    for _ in range(4):
        with pytest.raises(errors.RateLimited):
            await app.login(Login(EMAIL, PASSWORD, CLIENT))
    events = [e.event for e in uow.security_events.rows if e.user_id == user.id]
    assert events.count("login_failed") == 3
    assert events.count("login_throttled") == 1
    assert "login_succeeded" not in events
