"""Passkey handlers against fakes: registration, sign-in, sign-up, and their rules."""

from __future__ import annotations

import base64
import uuid
from pathlib import Path

import pytest

from authgate.application.account.forgot_password import ForgotPassword
from authgate.application.account.reauthentication import Proof
from authgate.application.account.reset_password import ResetPassword
from authgate.application.auth.login import Login
from authgate.application.auth.sign_in import SessionStarted
from authgate.application.passkeys.registration import AddPasskey, RemovePasskey, RenamePasskey
from authgate.application.passkeys.sign_in import PasskeyLogin
from authgate.application.passkeys.signup import FinishPasskeySignup, StartPasskeySignup
from authgate.bootstrap import Container
from authgate.domain import errors
from authgate.domain.models import User
from tests.unit.account_support import (
    CLIENT,
    NEW_PASSWORD,
    PASSWORD,
    PUBLIC_URL,
    sent,
    signed_up,
    token_in,
)
from tests.unit.bootstrap import bootstrap_test_app
from tests.unit.fakes import FakeClock, FakeHasher, FakeMailer, FakeUnitOfWork
from tests.unit.passkeys.fake_webauthn import FakeWebAuthn, asserted, created

EMAIL = "ada@example.com"


@pytest.fixture
def webauthn() -> FakeWebAuthn:
    return FakeWebAuthn()


@pytest.fixture
def mailer() -> FakeMailer:
    return FakeMailer()


@pytest.fixture
def app(
    tmp_path: Path,
    uow: FakeUnitOfWork,
    hasher: FakeHasher,
    clock: FakeClock,
    mailer: FakeMailer,
    webauthn: FakeWebAuthn,
) -> Container:
    return bootstrap_test_app(
        tmp_path,
        uow=uow,
        hasher=hasher,
        clock=clock,
        mailer=mailer,
        webauthn=webauthn,
        public_url=PUBLIC_URL,
    )


def proof(user: User, password: str | None = PASSWORD) -> Proof:
    return Proof(user.id, password, None, CLIENT)


async def add(app: Container, user: User, cid: str, sign_count: int = 0) -> str:
    options = await app.passkeys.start_registration(proof(user))
    credential = created(options, cid, sign_count)
    passkey = await app.passkeys.add(AddPasskey(user.id, credential, "Laptop", CLIENT))
    return str(passkey.id)


async def sign_in(
    app: Container, cid: str, handle: str | None, sign_count: int = 0
) -> SessionStarted:
    options, token = await app.passkeys.login_options()
    credential = asserted(options, cid, handle, sign_count)
    return await app.passkeys.login(PasskeyLogin(token, credential, CLIENT))


def handle_of(user: User) -> str:
    return base64.urlsafe_b64encode(user.id.bytes).rstrip(b"=").decode()


async def test_a_registered_passkey_signs_in_with_no_second_step(
    app: Container, uow: FakeUnitOfWork, mailer: FakeMailer, clock: FakeClock
) -> None:
    user = await signed_up(app, EMAIL)
    await add(app, user, "cred-1")
    assert (await sent(app, mailer))[-1].subject == "A passkey was added"
    started = await sign_in(app, "cred-1", handle_of(user), 1)
    session = uow.sessions.rows[started.tokens.session_id]
    assert session.methods == ["passkey"] and started.user.id == user.id
    (passkey,) = uow.passkeys.rows.values()
    assert (passkey.sign_count, passkey.last_used_at) == (1, clock.now())
    events = [e.event for e in uow.security_events.rows]
    assert {"passkey_added", "passkey_used", "login_succeeded"} <= set(events)


async def test_existing_passkeys_are_excluded_from_new_registrations(
    app: Container, webauthn: FakeWebAuthn
) -> None:
    user = await signed_up(app, EMAIL)
    await add(app, user, "cred-1")
    await app.passkeys.start_registration(proof(user))
    assert webauthn.excluded == ["cred-1"]


async def test_registration_needs_the_password_or_a_recent_sign_in(app: Container) -> None:
    user = await signed_up(app, EMAIL)
    with pytest.raises(errors.InvalidCurrentPassword):
        await app.passkeys.start_registration(proof(user, "wrong password!"))


async def test_a_challenge_works_once(app: Container) -> None:
    user = await signed_up(app, EMAIL)
    options = await app.passkeys.start_registration(proof(user))
    await app.passkeys.add(AddPasskey(user.id, created(options, "cred-1"), None, CLIENT))
    with pytest.raises(errors.InvalidPasskey):
        await app.passkeys.add(AddPasskey(user.id, created(options, "cred-2"), None, CLIENT))
    login_options, token = await app.passkeys.login_options()
    credential = asserted(login_options, "cred-1", handle_of(user))
    await app.passkeys.login(PasskeyLogin(token, credential, CLIENT))
    with pytest.raises(errors.InvalidPasskeyLogin):
        await app.passkeys.login(PasskeyLogin(token, credential, CLIENT))


async def test_a_failed_answer_uses_the_challenge_up(app: Container) -> None:
    user = await signed_up(app, EMAIL)
    options = await app.passkeys.start_registration(proof(user))
    wrong = {**created(options, "cred-1"), "challenge": "another"}
    with pytest.raises(errors.InvalidPasskey):
        await app.passkeys.add(AddPasskey(user.id, wrong, None, CLIENT))
    with pytest.raises(errors.InvalidPasskey):
        await app.passkeys.add(AddPasskey(user.id, created(options, "cred-1"), None, CLIENT))


async def test_challenges_expire_after_five_minutes(app: Container, clock: FakeClock) -> None:
    user = await signed_up(app, EMAIL)
    await add(app, user, "cred-1")
    options, token = await app.passkeys.login_options()
    clock.advance(minutes=5)
    with pytest.raises(errors.InvalidPasskeyLogin):
        credential = asserted(options, "cred-1", handle_of(user))
        await app.passkeys.login(PasskeyLogin(token, credential, CLIENT))


async def test_a_sign_in_challenge_cannot_register_and_back(app: Container) -> None:
    user = await signed_up(app, EMAIL)
    await add(app, user, "cred-1")
    start, signup_token = await app.passkeys.start_signup(
        StartPasskeySignup("Bo", "bo@example.com")
    )
    credential = asserted(start, "cred-1", handle_of(user))
    with pytest.raises(errors.InvalidPasskeyLogin):
        await app.passkeys.login(PasskeyLogin(signup_token, credential, CLIENT))


async def test_another_persons_passkey_does_not_sign_in_as_you(app: Container) -> None:
    ada = await signed_up(app, EMAIL)
    bob = await signed_up(app, "bob@example.com")
    await add(app, ada, "ada-key")
    with pytest.raises(errors.InvalidPasskeyLogin):
        await sign_in(app, "ada-key", handle_of(bob))
    with pytest.raises(errors.InvalidPasskeyLogin):
        await sign_in(app, "unknown-key", handle_of(ada))


async def test_a_counter_that_goes_backwards_is_refused_and_recorded(
    app: Container, uow: FakeUnitOfWork
) -> None:
    user = await signed_up(app, EMAIL)
    await add(app, user, "cred-1", sign_count=5)
    await sign_in(app, "cred-1", handle_of(user), 6)
    with pytest.raises(errors.InvalidPasskeyLogin):
        await sign_in(app, "cred-1", handle_of(user), 6)
    assert "passkey_counter_regressed" in [e.event for e in uow.security_events.rows]
    (passkey,) = uow.passkeys.rows.values()
    assert passkey.sign_count == 6
    await sign_in(app, "cred-1", handle_of(user), 7)


async def test_an_authenticator_without_a_counter_keeps_working(app: Container) -> None:
    user = await signed_up(app, EMAIL)
    await add(app, user, "cred-1")
    await sign_in(app, "cred-1", handle_of(user), 0)
    await sign_in(app, "cred-1", handle_of(user), 0)


async def test_rename_and_remove_only_ones_own(app: Container, mailer: FakeMailer) -> None:
    ada = await signed_up(app, EMAIL)
    bob = await signed_up(app, "bob@example.com")
    key = await add(app, ada, "ada-key")
    renamed = await app.passkeys.rename(RenamePasskey(ada.id, uuid.UUID(key), " Phone "))
    assert renamed.name == "Phone"
    with pytest.raises(errors.PasskeyNotFound):
        await app.passkeys.rename(RenamePasskey(bob.id, uuid.UUID(key), "Mine now"))
    with pytest.raises(errors.PasskeyNotFound):
        await app.passkeys.remove(RemovePasskey(proof(bob), uuid.UUID(key)))
    await app.passkeys.remove(RemovePasskey(proof(ada), uuid.UUID(key)))
    assert (await sent(app, mailer))[-1].subject == "A passkey was removed"
    assert await app.passkeys.list(ada.id) == []


async def test_passkey_signup_makes_an_account_without_a_password(
    app: Container, uow: FakeUnitOfWork, clock: FakeClock, mailer: FakeMailer
) -> None:
    options, token = await app.passkeys.start_signup(StartPasskeySignup(" Pat ", "Pat@Example.com"))
    started = await app.passkeys.finish_signup(
        FinishPasskeySignup(token, created(options, "pat-key"), CLIENT)
    )
    user = uow.users.rows[started.user.id]
    assert (user.email, user.name, user.password_hash) == ("pat@example.com", "Pat", None)
    assert options["user"]["id"] == handle_of(user)
    assert uow.sessions.rows[started.tokens.session_id].methods == ["passkey"]
    assert (await sent(app, mailer))[-1].subject == "Confirm your email address"
    with pytest.raises(errors.InvalidCredentials):  # no password matches it
        await app.auth.login(Login("pat@example.com", "", CLIENT))
    await sign_in(app, "pat-key", handle_of(user))
    overview = await app.account.security_overview(user.id)
    assert (overview.has_password, overview.passkeys) == (False, 1)


async def test_passkey_signup_with_a_taken_email_is_email_taken(app: Container) -> None:
    await signed_up(app, EMAIL)
    options, token = await app.passkeys.start_signup(StartPasskeySignup("Ada", EMAIL))
    with pytest.raises(errors.EmailTaken):
        await app.passkeys.finish_signup(FinishPasskeySignup(token, created(options, "k"), CLIENT))


async def test_the_last_way_to_sign_in_cannot_be_removed(app: Container, clock: FakeClock) -> None:
    options, token = await app.passkeys.start_signup(StartPasskeySignup("Pat", "pat@example.com"))
    started = await app.passkeys.finish_signup(
        FinishPasskeySignup(token, created(options, "pat-key"), CLIENT)
    )
    recent = Proof(started.user.id, None, clock.now(), CLIENT)
    (only,) = await app.passkeys.list(started.user.id)
    with pytest.raises(errors.LastSignInMethod):
        await app.passkeys.remove(RemovePasskey(recent, only.id))
    second = await app.passkeys.start_registration(recent)
    await app.passkeys.add(AddPasskey(started.user.id, created(second, "pat-2"), None, CLIENT))
    await app.passkeys.remove(RemovePasskey(recent, only.id))
    assert [p.credential_id for p in await app.passkeys.list(started.user.id)] == ["pat-2"]


async def test_forgot_password_gives_a_passkey_account_its_first_password(
    app: Container, mailer: FakeMailer
) -> None:
    options, token = await app.passkeys.start_signup(StartPasskeySignup("Pat", "pat@example.com"))
    await app.passkeys.finish_signup(FinishPasskeySignup(token, created(options, "k"), CLIENT))
    await app.account.forgot_password(ForgotPassword("pat@example.com", CLIENT))
    link = token_in((await sent(app, mailer))[-1], "/reset-password")
    await app.account.reset_password(ResetPassword(link, NEW_PASSWORD, CLIENT))
    started = await app.auth.login(Login("pat@example.com", NEW_PASSWORD, CLIENT))
    assert isinstance(started, SessionStarted)
    assert (await app.account.security_overview(started.user.id)).has_password is True
