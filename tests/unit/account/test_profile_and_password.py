"""Profile, password change and account deletion, against fakes."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from authgate.application.account.change_password import ChangePassword
from authgate.application.account.delete_account import DeleteAccount
from authgate.application.account.update_profile import UpdateProfile
from authgate.application.auth.sign_in import SessionStarted
from authgate.bootstrap import Container
from authgate.domain import errors
from tests.unit.account_support import (
    CLIENT,
    NEW_PASSWORD,
    PASSWORD,
    sent,
    signed_in,
    signed_up,
)
from tests.unit.fakes import FakeClock, FakeMailer, FakeUnitOfWork

EMAIL = "ada.lovelace@example.com"


def change(session: SessionStarted, current: str, new: str) -> ChangePassword:
    return ChangePassword(session.user.id, session.tokens.session_id, current, new, CLIENT)


async def test_update_profile_changes_only_the_fields_sent(app: Container) -> None:
    user = await signed_up(app, EMAIL)
    avatar = "https://img.example.com/ada.png"
    await app.account.update_profile(UpdateProfile(user.id, avatar_url=avatar))
    updated = await app.account.update_profile(UpdateProfile(user.id, name=" Countess "))
    assert (updated.name, updated.avatar_url) == ("Countess", avatar)
    cleared = await app.account.update_profile(UpdateProfile(user.id, avatar_url=None))
    assert (cleared.name, cleared.avatar_url) == ("Countess", None)


async def test_change_password_needs_the_current_password(
    app: Container, uow: FakeUnitOfWork
) -> None:
    await signed_up(app, EMAIL)
    session = await signed_in(app, EMAIL)
    with pytest.raises(errors.InvalidCurrentPassword):
        await app.account.change_password(change(session, "not my password", NEW_PASSWORD))
    await signed_in(app, EMAIL, PASSWORD)
    assert "password_changed" not in [e.event for e in uow.security_events.rows]


async def test_change_password_ends_other_sessions_and_keeps_the_current_one(
    app: Container, uow: FakeUnitOfWork, mailer: FakeMailer
) -> None:
    await signed_up(app, EMAIL)
    current, other = await signed_in(app, EMAIL), await signed_in(app, EMAIL)
    await app.account.change_password(change(current, PASSWORD, NEW_PASSWORD))
    assert (await app.auth.authenticate(current.tokens.access_token)).user.email == EMAIL
    with pytest.raises(errors.InvalidToken):
        await app.auth.authenticate(other.tokens.access_token)
    await signed_in(app, EMAIL, NEW_PASSWORD)
    assert [e.event for e in uow.security_events.rows].count("password_changed") == 1
    notice = (await sent(app, mailer))[-1]
    assert notice.to == EMAIL and "changed" in notice.subject
    assert "token=" not in notice.text


@pytest.mark.parametrize("weak", ["password1234", "ada.lovelace", "ADA.LOVELACE"])
async def test_change_password_refuses_a_common_password_or_the_local_part(
    app: Container, weak: str
) -> None:
    await signed_up(app, EMAIL)
    session = await signed_in(app, EMAIL)
    with pytest.raises(errors.PasswordTooWeak) as refused:
        await app.account.change_password(change(session, PASSWORD, weak))
    assert refused.value.field == "new_password"


async def test_delete_account_needs_the_password(app: Container, uow: FakeUnitOfWork) -> None:
    user = await signed_up(app, EMAIL)
    with pytest.raises(errors.InvalidCurrentPassword):
        await app.account.delete_account(DeleteAccount(user.id, "not my password", CLIENT))
    assert user.id in uow.users.rows


async def test_delete_account_removes_everything_but_the_audit_trail_in_one_commit(
    app: Container, uow: FakeUnitOfWork
) -> None:
    await signed_up(app, EMAIL)
    session = await signed_in(app, EMAIL)
    commits = uow.commits
    await app.account.delete_account(DeleteAccount(session.user.id, PASSWORD, CLIENT))
    assert uow.commits == commits + 1
    assert uow.users.rows == {} and uow.sessions.rows == {} and uow.refresh_tokens.rows == {}
    assert uow.one_time_tokens.rows == {}
    # The audit trail stays, ending with the deletion itself.
    assert [e.event for e in uow.security_events.rows][-1] == "account_deleted"
    with pytest.raises(errors.InvalidToken):
        await app.auth.authenticate(session.tokens.access_token)
    assert (await signed_up(app, EMAIL)).id != session.user.id


async def test_an_account_without_a_password_sets_one_after_a_recent_sign_in(
    app: Container, uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    user = await signed_up(app, EMAIL)
    uow.users.rows[user.id].password_hash = None  # as a passkey or provider account is
    stale = ChangePassword(
        user.id, uuid.uuid4(), None, NEW_PASSWORD, CLIENT, clock.now() - timedelta(minutes=11)
    )
    with pytest.raises(errors.ReauthenticationRequired):
        await app.account.change_password(stale)
    fresh = ChangePassword(user.id, uuid.uuid4(), None, NEW_PASSWORD, CLIENT, clock.now())
    await app.account.change_password(fresh)
    assert (await signed_in(app, EMAIL, NEW_PASSWORD)).user.id == user.id
    overview = await app.account.security_overview(user.id)
    assert overview.has_password is True


async def test_an_account_with_a_password_cannot_leave_the_current_one_out(
    app: Container, clock: FakeClock
) -> None:
    user = await signed_up(app, EMAIL)
    command = ChangePassword(user.id, uuid.uuid4(), None, NEW_PASSWORD, CLIENT, clock.now())
    with pytest.raises(errors.InvalidCurrentPassword):
        await app.account.change_password(command)
