"""Mailed one-time links: email verification and password reset, against fakes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from authgate.application.account.change_password import ChangePassword
from authgate.application.account.forgot_password import ForgotPassword
from authgate.application.account.resend_verification import ResendVerification
from authgate.application.account.reset_password import ResetPassword
from authgate.application.account.verify_email import VerifyEmail
from authgate.bootstrap import Container
from authgate.domain import errors
from authgate.infrastructure.rate_limit import MemoryRateLimiter
from tests.unit.account_support import (
    CLIENT,
    NEW_PASSWORD,
    PASSWORD,
    PUBLIC_URL,
    sent,
    signed_in,
    signed_up,
    token_in,
)
from tests.unit.bootstrap import bootstrap_test_app
from tests.unit.fakes import FakeClock, FakeHasher, FakeMailer, FakeUnitOfWork


async def verification_token(app: Container, mailer: FakeMailer) -> str:
    return token_in((await sent(app, mailer))[-1], "/verify-email")


async def reset_token(app: Container, mailer: FakeMailer, email: str = "ada@example.com") -> str:
    await app.account.forgot_password(ForgotPassword(email, CLIENT))
    return token_in((await sent(app, mailer))[-1], "/reset-password")


async def test_signup_mails_a_verification_link_built_from_the_public_url(
    app: Container, mailer: FakeMailer
) -> None:
    user = await signed_up(app)
    [message] = await sent(app, mailer)
    assert message.to == user.email and "Confirm" in message.subject
    assert token_in(message, "/verify-email")
    assert not user.email_verified


async def test_only_the_hash_of_a_mailed_token_is_stored(
    app: Container, mailer: FakeMailer, uow: FakeUnitOfWork
) -> None:
    await signed_up(app)
    token = await verification_token(app, mailer)
    [stored] = uow.one_time_tokens.rows.values()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(stored)


async def test_verification_link_verifies_the_email_once(
    app: Container, mailer: FakeMailer, uow: FakeUnitOfWork
) -> None:
    await signed_up(app)
    token = await verification_token(app, mailer)
    user = await app.account.verify_email(VerifyEmail(token, CLIENT))
    assert user.email_verified
    assert [e.event for e in uow.security_events.rows][-1] == "email_verified"
    with pytest.raises(errors.InvalidVerificationToken):
        await app.account.verify_email(VerifyEmail(token, CLIENT))


async def test_verification_link_works_until_24_hours_have_passed(
    app: Container, mailer: FakeMailer, clock: FakeClock
) -> None:
    await signed_up(app, "ada@example.com")
    first = await verification_token(app, mailer)
    await signed_up(app, "bob@example.com")
    second = await verification_token(app, mailer)
    clock.advance(hours=23, minutes=59)
    assert (await app.account.verify_email(VerifyEmail(first, CLIENT))).email_verified
    clock.advance(minutes=1)
    with pytest.raises(errors.InvalidVerificationToken):
        await app.account.verify_email(VerifyEmail(second, CLIENT))


async def test_unknown_verification_token_is_invalid(app: Container) -> None:
    with pytest.raises(errors.InvalidVerificationToken):
        await app.account.verify_email(VerifyEmail("not-a-token", CLIENT))


async def test_resend_mails_a_fresh_link_and_the_older_one_still_works(
    app: Container, mailer: FakeMailer
) -> None:
    user = await signed_up(app)
    first = await verification_token(app, mailer)
    await app.account.resend_verification(ResendVerification(user.id))
    second = await verification_token(app, mailer)
    assert second != first
    assert (await app.account.verify_email(VerifyEmail(first, CLIENT))).email_verified


async def test_resend_for_a_verified_address_sends_nothing(
    app: Container, mailer: FakeMailer
) -> None:
    user = await signed_up(app)
    await app.account.verify_email(VerifyEmail(await verification_token(app, mailer), CLIENT))
    await app.account.resend_verification(ResendVerification(user.id))
    assert len(await sent(app, mailer)) == 1


async def test_forgot_password_for_an_unknown_address_sends_nothing(
    app: Container, mailer: FakeMailer, uow: FakeUnitOfWork
) -> None:
    await app.account.forgot_password(ForgotPassword("nobody@example.com", CLIENT))
    assert await sent(app, mailer) == []
    assert uow.one_time_tokens.rows == {} and uow.commits == 0


async def test_forgot_password_mails_a_reset_link_to_the_normalised_address(
    app: Container, mailer: FakeMailer
) -> None:
    await signed_up(app)
    token = await reset_token(app, mailer, "  ADA@Example.com ")
    message = (await sent(app, mailer))[-1]
    assert message.to == "ada@example.com" and "expires in 1 hour" in message.text
    assert len(token) >= 43  # 256 bits


async def test_reset_link_works_once_and_ends_every_session(
    app: Container, mailer: FakeMailer, uow: FakeUnitOfWork
) -> None:
    await signed_up(app)
    first = await signed_in(app, "ada@example.com")
    second = await signed_in(app, "ada@example.com")
    token = await reset_token(app, mailer)
    await app.account.reset_password(ResetPassword(token, NEW_PASSWORD, CLIENT))
    for session in (first, second):
        with pytest.raises(errors.InvalidToken):
            await app.auth.authenticate(session.tokens.access_token)
    with pytest.raises(errors.InvalidCredentials):
        await signed_in(app, "ada@example.com", PASSWORD)
    user = (await signed_in(app, "ada@example.com", NEW_PASSWORD)).user
    assert user.email_verified  # the link proved the mailbox
    assert "password_reset" in [e.event for e in uow.security_events.rows]
    assert "password was changed" in (await sent(app, mailer))[-1].subject
    with pytest.raises(errors.InvalidResetToken):
        await app.account.reset_password(ResetPassword(token, "yet another passphrase", CLIENT))


async def test_reset_link_expires_after_an_hour(
    app: Container, mailer: FakeMailer, clock: FakeClock
) -> None:
    await signed_up(app)
    token = await reset_token(app, mailer)
    clock.advance(hours=1)
    with pytest.raises(errors.InvalidResetToken):
        await app.account.reset_password(ResetPassword(token, NEW_PASSWORD, CLIENT))


async def test_a_new_reset_link_supersedes_the_older_one(
    app: Container, mailer: FakeMailer
) -> None:
    await signed_up(app)
    older = await reset_token(app, mailer)
    newer = await reset_token(app, mailer)
    with pytest.raises(errors.InvalidResetToken):
        await app.account.reset_password(ResetPassword(older, NEW_PASSWORD, CLIENT))
    await app.account.reset_password(ResetPassword(newer, NEW_PASSWORD, CLIENT))


async def test_a_reset_link_dies_when_its_owner_changes_the_password(
    app: Container, mailer: FakeMailer
) -> None:
    await signed_up(app)
    token = await reset_token(app, mailer)
    session = await signed_in(app, "ada@example.com")
    user_id, session_id = session.user.id, session.tokens.session_id
    await app.account.change_password(
        ChangePassword(user_id, session_id, PASSWORD, "another fine password", CLIENT)
    )
    with pytest.raises(errors.InvalidResetToken):
        await app.account.reset_password(ResetPassword(token, NEW_PASSWORD, CLIENT))


@pytest.mark.parametrize("weak", ["password1234", "ada.lovelace"])
async def test_reset_refuses_a_weak_password_without_spending_the_link(
    app: Container, mailer: FakeMailer, weak: str
) -> None:
    await signed_up(app, "ada.lovelace@example.com")
    token = await reset_token(app, mailer, "ada.lovelace@example.com")
    with pytest.raises(errors.PasswordTooWeak) as refused:
        await app.account.reset_password(ResetPassword(token, weak, CLIENT))
    assert refused.value.field == "new_password"
    await app.account.reset_password(ResetPassword(token, NEW_PASSWORD, CLIENT))


async def test_a_verification_link_is_not_a_reset_link(app: Container, mailer: FakeMailer) -> None:
    await signed_up(app)
    token = await verification_token(app, mailer)
    with pytest.raises(errors.InvalidResetToken):
        await app.account.reset_password(ResetPassword(token, NEW_PASSWORD, CLIENT))
    assert (await app.account.verify_email(VerifyEmail(token, CLIENT))).email_verified


async def test_a_password_reset_lifts_a_lockout_spent_by_others(
    tmp_path: Path, uow: FakeUnitOfWork, hasher: FakeHasher, clock: FakeClock, mailer: FakeMailer
) -> None:
    limiter = MemoryRateLimiter()
    app = bootstrap_test_app(
        tmp_path,
        uow=uow,
        hasher=hasher,
        clock=clock,
        mailer=mailer,
        rate_limiter=limiter,
        public_url=PUBLIC_URL,
    )
    await signed_up(app)
    for _ in range(5):  # someone else spends the account's budget
        with pytest.raises(errors.InvalidCredentials):
            await signed_in(app, "ada@example.com", "a wrong guess here")
    with pytest.raises(errors.RateLimited):
        await signed_in(app, "ada@example.com")
    await app.account.forgot_password(ForgotPassword("ada@example.com", CLIENT))
    token = token_in((await sent(app, mailer))[-1], "/reset-password")
    await app.account.reset_password(ResetPassword(token, NEW_PASSWORD, CLIENT))
    assert (await signed_in(app, "ada@example.com", NEW_PASSWORD)).user.email == "ada@example.com"
