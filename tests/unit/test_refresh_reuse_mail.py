"""A reused refresh token ends its session and tells the owner by mail, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from authgate.application.auth.refresh import Refresh
from authgate.domain import errors
from tests.unit.account_support import (
    CLIENT,
    PUBLIC_URL,
    account_container,
    sent,
    signed_in,
    signed_up,
)
from tests.unit.fakes import FakeClock, FakeHasher, FakeMailer, FakeUnitOfWork


async def test_reuse_mails_the_owner_once_and_leaks_no_token(
    tmp_path: Path, uow: FakeUnitOfWork, hasher: FakeHasher, clock: FakeClock
) -> None:
    mailer = FakeMailer()
    app = account_container(tmp_path, uow, hasher, clock, mailer)
    user = await signed_up(app, "ada@example.com")
    stolen = (await signed_in(app, "ada@example.com")).tokens.refresh_token
    newest = (await app.auth.refresh(Refresh(stolen, CLIENT))).refresh_token
    before = len(await sent(app, mailer))
    clock.advance(seconds=11)  # past the grace window
    with pytest.raises(errors.RefreshTokenReused):
        await app.auth.refresh(Refresh(stolen, CLIENT))
    with pytest.raises(errors.InvalidRefreshToken):
        await app.auth.refresh(Refresh(stolen, CLIENT))  # the session has ended: no second mail
    with pytest.raises(errors.InvalidRefreshToken):
        await app.auth.refresh(Refresh(newest, CLIENT))
    mails = (await sent(app, mailer))[before:]
    assert len(mails) == 1
    mail = mails[0]
    assert mail.to == user.email and "old sign-in token" in mail.subject
    assert "this session was signed out" in mail.text
    assert (
        f"{PUBLIC_URL}/forgot-password" in mail.text
        and f"{PUBLIC_URL}/forgot-password" in mail.html
    )
    for token in (stolen, newest):
        assert token not in mail.text and token not in mail.html


async def test_a_refresh_within_the_grace_window_mails_nobody(
    tmp_path: Path, uow: FakeUnitOfWork, hasher: FakeHasher, clock: FakeClock
) -> None:
    mailer = FakeMailer()
    app = account_container(tmp_path, uow, hasher, clock, mailer)
    await signed_up(app, "ada@example.com")
    token = (await signed_in(app, "ada@example.com")).tokens.refresh_token
    before = len(await sent(app, mailer))
    for _ in range(3):
        await app.auth.refresh(Refresh(token, CLIENT))
    assert len(await sent(app, mailer)) == before
