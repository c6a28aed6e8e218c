"""Purging: what ended long enough ago goes, everything else stays."""

from __future__ import annotations

from datetime import timedelta

from authgate.application.auth.login import Login
from authgate.application.auth.logout import Logout
from authgate.application.auth.refresh import Refresh
from authgate.application.auth.signup import Signup
from authgate.application.purge import Purge
from authgate.bootstrap import Container
from authgate.domain.models import ClientInfo
from tests.unit.fakes import FakeClock, FakeUnitOfWork

CLIENT = ClientInfo(ip="203.0.113.7", user_agent="pytest")
PASSWORD = "a quiet meadow at dawn"


async def test_a_session_ended_more_than_the_kept_days_ago_goes_with_its_tokens(
    app: Container, uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    await app.auth.signup(Signup("Ada", "ada@example.com", PASSWORD))
    ended = (await app.auth.login(Login("ada@example.com", PASSWORD, CLIENT))).tokens
    newest = await app.auth.refresh(Refresh(ended.refresh_token, CLIENT))  # leaves a rotated row
    await app.auth.logout(Logout(newest.refresh_token, None, CLIENT))
    clock.advance(days=29)
    live = (await app.auth.login(Login("ada@example.com", PASSWORD, CLIENT))).tokens

    assert (await app.purge(Purge(keep=timedelta(days=30)))).sessions == 0
    clock.advance(days=2)
    assert (await app.purge(Purge(keep=timedelta(days=30)))).sessions == 1

    assert set(uow.sessions.rows) == {live.session_id}
    assert {t.session_id for t in uow.refresh_tokens.rows.values()} == {live.session_id}


async def test_expired_one_time_links_go_once_the_kept_days_have_passed(
    app: Container, uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    await app.auth.signup(Signup("Ada", "ada@example.com", PASSWORD))
    assert len(uow.one_time_tokens.rows) == 1  # the verification link
    clock.advance(days=10)
    assert (await app.purge(Purge(keep=timedelta(days=30)))).one_time_tokens == 0
    clock.advance(days=30)
    assert (await app.purge(Purge(keep=timedelta(days=30)))).one_time_tokens == 1
    assert uow.one_time_tokens.rows == {}
