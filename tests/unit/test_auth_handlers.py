"""The use cases against in-memory fakes: no database, no bcrypt, no HTTP."""

from __future__ import annotations

import pytest

from authgate.application.auth.login import Login
from authgate.application.auth.logout import Logout, LogoutAll
from authgate.application.auth.refresh import Refresh
from authgate.application.auth.sessions import EndSession
from authgate.application.auth.sign_in import SessionStarted
from authgate.application.auth.signup import Signup
from authgate.bootstrap import Container
from authgate.domain import errors
from authgate.domain.models import ClientInfo
from tests.unit.fakes import FakeClock, FakeHasher, FakeUnitOfWork

CLIENT = ClientInfo(ip="203.0.113.7", user_agent="pytest")
PASSWORD = "a quiet meadow at dawn"


async def signed_in(app: Container, email: str = "ada@example.com") -> SessionStarted:
    await app.auth.signup(Signup("Ada", email, PASSWORD))
    return await app.auth.login(Login(email, PASSWORD, CLIENT))


async def test_signup_normalises_the_email_and_stores_only_a_hash(
    app: Container, uow: FakeUnitOfWork
) -> None:
    user = await app.auth.signup(Signup(" Ada ", "  Ada@Example.COM ", PASSWORD))
    assert user.email == "ada@example.com" and user.name == "Ada"
    assert user.password_hash == f"fake:{PASSWORD}"  # the hasher's output, not the password
    assert uow.commits == 1


async def test_signup_with_a_taken_email_is_refused(app: Container) -> None:
    await app.auth.signup(Signup("Ada", "ada@example.com", PASSWORD))
    with pytest.raises(errors.EmailTaken):
        await app.auth.signup(Signup("Eve", "ADA@example.com", "another long password"))


@pytest.mark.parametrize("password", ["password1234", "ILOVEYOU12", "ada.lovelace"])
async def test_signup_refuses_common_passwords_and_the_local_part(
    app: Container, password: str
) -> None:
    with pytest.raises(errors.PasswordTooWeak):
        await app.auth.signup(Signup("Ada", "ada.lovelace@example.com", password))


async def test_login_with_unknown_email_spends_a_dummy_verification(
    app: Container, hasher: FakeHasher
) -> None:
    with pytest.raises(errors.InvalidCredentials):
        await app.auth.login(Login("nobody@example.com", PASSWORD, CLIENT))
    assert hasher.dummy_verifications == 1


async def test_login_with_wrong_password_is_invalid_credentials_and_audited(
    app: Container, uow: FakeUnitOfWork
) -> None:
    await app.auth.signup(Signup("Ada", "ada@example.com", PASSWORD))
    with pytest.raises(errors.InvalidCredentials):
        await app.auth.login(Login("ada@example.com", "wrong password!", CLIENT))
    assert [e.event for e in uow.security_events.rows] == ["login_failed"]
    assert not uow.sessions.rows


async def test_login_starts_a_session_with_the_client_details(
    app: Container, uow: FakeUnitOfWork
) -> None:
    result = await signed_in(app)
    session = uow.sessions.rows[result.tokens.session_id]
    assert (session.ip, session.user_agent) == ("203.0.113.7", "pytest")
    assert result.tokens.expires_in == 900


async def test_login_rehashes_a_password_stored_with_old_parameters(
    app: Container, uow: FakeUnitOfWork, hasher: FakeHasher
) -> None:
    user = await app.auth.signup(Signup("Ada", "ada@example.com", PASSWORD))
    hasher.scheme = "fake2"  # as if the configured cost had changed
    await app.auth.login(Login("ada@example.com", PASSWORD, CLIENT))
    assert user.password_hash == f"fake2:{PASSWORD}"


async def test_refresh_rotates_the_token_within_the_same_session(app: Container) -> None:
    first = await signed_in(app)
    second = await app.auth.refresh(Refresh(first.tokens.refresh_token, CLIENT))
    assert second.refresh_token != first.tokens.refresh_token
    assert second.session_id == first.tokens.session_id


async def test_reused_refresh_token_after_grace_ends_the_session(
    app: Container, clock: FakeClock
) -> None:
    first = await signed_in(app)
    newest = await app.auth.refresh(Refresh(first.tokens.refresh_token, CLIENT))
    clock.advance(seconds=11)
    with pytest.raises(errors.RefreshTokenReused):
        await app.auth.refresh(Refresh(first.tokens.refresh_token, CLIENT))
    with pytest.raises(errors.InvalidRefreshToken):
        await app.auth.refresh(Refresh(newest.refresh_token, CLIENT))
    with pytest.raises(errors.InvalidToken):
        await app.auth.authenticate(newest.access_token)


async def test_reused_refresh_token_within_grace_gets_the_same_successor(
    app: Container, clock: FakeClock
) -> None:
    first = await signed_in(app)
    tab_a = await app.auth.refresh(Refresh(first.tokens.refresh_token, CLIENT))
    clock.advance(seconds=9)
    tab_b = await app.auth.refresh(Refresh(first.tokens.refresh_token, CLIENT))
    assert tab_b.session_id == tab_a.session_id
    assert tab_b.refresh_token == tab_a.refresh_token  # one line, no branch
    assert tab_b.access_token != tab_a.access_token
    assert 0 < tab_b.refresh_expires_in <= tab_a.refresh_expires_in
    await app.auth.refresh(Refresh(tab_b.refresh_token, CLIENT))  # neither tab is signed out


async def test_a_copy_replayed_within_grace_is_caught_when_used_late(
    app: Container, clock: FakeClock
) -> None:
    """The audit's fork: a stolen token replayed twice within the grace window yields
    only the successor the person holds too; using it after the person moved on is
    reuse, and the whole session ends."""
    stolen = (await signed_in(app)).tokens.refresh_token
    victim = await app.auth.refresh(Refresh(stolen, CLIENT))
    copies = [await app.auth.refresh(Refresh(stolen, CLIENT)) for _ in range(2)]
    assert {c.refresh_token for c in copies} == {victim.refresh_token}
    clock.advance(seconds=11)
    newest = await app.auth.refresh(Refresh(victim.refresh_token, CLIENT))
    clock.advance(seconds=11)
    with pytest.raises(errors.RefreshTokenReused):
        await app.auth.refresh(Refresh(copies[1].refresh_token, CLIENT))
    with pytest.raises(errors.InvalidRefreshToken):
        await app.auth.refresh(Refresh(newest.refresh_token, CLIENT))
    for pair in (victim, *copies, newest):
        with pytest.raises(errors.InvalidToken):
            await app.auth.authenticate(pair.access_token)


async def test_the_first_token_replayed_late_ends_the_session_after_a_fork(
    app: Container, clock: FakeClock
) -> None:
    stolen = (await signed_in(app)).tokens.refresh_token
    for _ in range(3):
        await app.auth.refresh(Refresh(stolen, CLIENT))
    clock.advance(seconds=11)
    with pytest.raises(errors.RefreshTokenReused):
        await app.auth.refresh(Refresh(stolen, CLIENT))


async def test_refresh_token_expires_after_its_lifetime(app: Container, clock: FakeClock) -> None:
    first = await signed_in(app)
    clock.advance(seconds=604800)
    with pytest.raises(errors.InvalidRefreshToken):
        await app.auth.refresh(Refresh(first.tokens.refresh_token, CLIENT))


async def test_session_ends_at_its_maximum_age_however_often_refreshed(
    app: Container, clock: FakeClock
) -> None:
    token = (await signed_in(app)).tokens.refresh_token
    for _ in range(5):  # every 5 days: well within each refresh token's lifetime
        clock.advance(days=5)
        token = (await app.auth.refresh(Refresh(token, CLIENT))).refresh_token
    clock.advance(days=5, seconds=1)  # 30 days and a second after login
    with pytest.raises(errors.InvalidRefreshToken):
        await app.auth.refresh(Refresh(token, CLIENT))


async def test_unknown_refresh_token_is_invalid(app: Container) -> None:
    with pytest.raises(errors.InvalidRefreshToken):
        await app.auth.refresh(Refresh("x" * 43, CLIENT))


async def test_logout_ends_the_session_of_the_refresh_token(app: Container) -> None:
    result = await signed_in(app)
    await app.auth.logout(Logout(result.tokens.refresh_token, None, CLIENT))
    with pytest.raises(errors.InvalidToken):
        await app.auth.authenticate(result.tokens.access_token)
    await app.auth.logout(Logout(result.tokens.refresh_token, None, CLIENT))  # idempotent


async def test_logout_all_ends_every_session_of_the_user_only(app: Container) -> None:
    a1, a2 = await signed_in(app), await app.auth.login(Login("ada@example.com", PASSWORD, CLIENT))
    bob = await signed_in(app, "bob@example.com")
    await app.auth.logout_all(LogoutAll(a1.user.id, CLIENT))
    for result in (a1, a2):
        with pytest.raises(errors.InvalidToken):
            await app.auth.authenticate(result.tokens.access_token)
    assert (await app.auth.authenticate(bob.tokens.access_token)).user.email == "bob@example.com"


async def test_ending_another_users_session_is_not_found(app: Container) -> None:
    ada = await signed_in(app)
    bob = await signed_in(app, "bob@example.com")
    with pytest.raises(errors.SessionNotFound):
        await app.auth.end_session(EndSession(bob.user.id, ada.tokens.session_id, CLIENT))
    assert (await app.auth.authenticate(ada.tokens.access_token)).user.id == ada.user.id


async def test_authenticate_without_token_is_not_authenticated(app: Container) -> None:
    with pytest.raises(errors.NotAuthenticated):
        await app.auth.authenticate(None)


async def test_a_session_idle_past_its_refresh_token_is_no_longer_listed(
    app: Container, clock: FakeClock
) -> None:
    idle = await signed_in(app)
    clock.advance(days=6)
    busy = await app.auth.login(Login("ada@example.com", PASSWORD, CLIENT))
    clock.advance(days=1, seconds=1)  # `idle` was last refreshed 7 days and a second ago

    listed = await app.auth.list_sessions(busy.user.id)

    assert [s.id for s in listed] == [busy.tokens.session_id]
    with pytest.raises(errors.InvalidRefreshToken):
        await app.auth.refresh(Refresh(idle.tokens.refresh_token, CLIENT))


async def test_a_session_remembers_its_last_use_to_the_minute(
    app: Container, clock: FakeClock, uow: FakeUnitOfWork
) -> None:
    token = (await signed_in(app)).tokens.refresh_token
    [session] = uow.sessions.rows.values()
    started = session.last_used_at
    clock.advance(seconds=30)
    token = (await app.auth.refresh(Refresh(token, CLIENT))).refresh_token
    assert session.last_used_at == started  # no session write for every refresh
    clock.advance(seconds=31)
    await app.auth.refresh(Refresh(token, CLIENT))
    assert session.last_used_at == clock.now()
