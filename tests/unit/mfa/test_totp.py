"""TOTP and recovery codes: turning them on and off, and signing in with them."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from authgate.application.account.reauthentication import Proof
from authgate.application.auth.login import Login
from authgate.application.auth.sign_in import SecondFactorRequired, SessionStarted
from authgate.application.mfa.login_step import CompleteMfaLogin
from authgate.application.mfa.totp_manage import ProvenWithCode
from authgate.application.mfa.totp_setup import ConfirmTotp
from authgate.bootstrap import Container
from authgate.domain import errors
from authgate.domain.mfa import MFA_CHALLENGE_ATTEMPTS
from tests.unit.account_support import CLIENT, PASSWORD, sent, signed_up
from tests.unit.fakes import FakeClock, FakeMailer, FakeUnitOfWork
from tests.unit.mfa.support import EMAIL, totp_on


async def challenge(app: Container, password: str = PASSWORD) -> SecondFactorRequired:
    outcome = await app.auth.login(Login(EMAIL, password, CLIENT))
    assert isinstance(outcome, SecondFactorRequired)
    return outcome


async def finish(app: Container, mfa_token: str, code: str) -> SessionStarted:
    return await app.auth.complete_mfa_login(CompleteMfaLogin(mfa_token, code, CLIENT))


async def test_login_asks_for_the_second_factor_only_after_the_right_password(
    app: Container, clock: FakeClock, uow: FakeUnitOfWork
) -> None:
    await totp_on(app, clock)
    sessions = len(uow.sessions.rows)
    outcome = await challenge(app)
    assert outcome.methods == ("totp", "recovery_code")
    assert len(uow.sessions.rows) == sessions, "no session before the second factor"
    with pytest.raises(errors.InvalidCredentials):
        await app.auth.login(Login(EMAIL, "not the password at all", CLIENT))
    with pytest.raises(errors.InvalidCredentials):
        await app.auth.login(Login("nobody@example.com", PASSWORD, CLIENT))


async def test_a_totp_code_finishes_the_sign_in_and_the_session_says_how(
    app: Container, clock: FakeClock, uow: FakeUnitOfWork
) -> None:
    person = await totp_on(app, clock)
    started = await finish(app, (await challenge(app)).mfa_token, person.code(clock))
    session = uow.sessions.rows[started.tokens.session_id]
    assert session.methods == ["password", "totp"]
    assert session.authenticated_at == clock.now()


async def test_a_code_of_the_next_or_previous_step_is_accepted(
    app: Container, clock: FakeClock
) -> None:
    person = await totp_on(app, clock)
    await finish(app, (await challenge(app)).mfa_token, person.code(clock, steps_later=1))
    clock.advance(seconds=60)
    await finish(app, (await challenge(app)).mfa_token, person.code(clock, steps_later=1))


async def test_a_code_replayed_in_its_window_is_refused(app: Container, clock: FakeClock) -> None:
    person = await totp_on(app, clock)
    code = person.code(clock)
    await finish(app, (await challenge(app)).mfa_token, code)
    clock.advance(seconds=5)
    with pytest.raises(errors.InvalidMfaLoginCode):
        await finish(app, (await challenge(app)).mfa_token, code)


async def test_an_older_steps_code_is_refused_once_a_newer_one_was_used(
    app: Container, clock: FakeClock
) -> None:
    person = await totp_on(app, clock)
    older = person.code(clock)
    await finish(app, (await challenge(app)).mfa_token, person.code(clock, steps_later=1))
    with pytest.raises(errors.InvalidMfaLoginCode):
        await finish(app, (await challenge(app)).mfa_token, older)


async def test_a_recovery_code_works_once_in_any_spelling(
    app: Container, clock: FakeClock, uow: FakeUnitOfWork, mailer: FakeMailer
) -> None:
    person = await totp_on(app, clock)
    code = person.recovery_codes[0]
    spelled = " " + code.upper().replace("-", " - ") + " "
    started = await finish(app, (await challenge(app)).mfa_token, spelled)
    assert uow.sessions.rows[started.tokens.session_id].methods == ["password", "recovery_code"]
    assert (await sent(app, mailer))[-1].subject == "A recovery code was used"
    assert "recovery_code_used" in [e.event for e in uow.security_events.rows]
    with pytest.raises(errors.InvalidMfaLoginCode):
        await finish(app, (await challenge(app)).mfa_token, code)
    overview = await app.account.security_overview(person.session.user.id)
    assert overview.recovery_codes_left == 9


async def test_five_wrong_codes_end_the_mfa_token(app: Container, clock: FakeClock) -> None:
    person = await totp_on(app, clock)
    token = (await challenge(app)).mfa_token
    for _ in range(MFA_CHALLENGE_ATTEMPTS):
        with pytest.raises(errors.InvalidMfaLoginCode):
            await finish(app, token, "000000" if person.code(clock) != "000000" else "111111")
    with pytest.raises(errors.InvalidMfaToken):
        await finish(app, token, person.code(clock))


async def test_the_mfa_token_is_single_use_and_lives_five_minutes(
    app: Container, clock: FakeClock
) -> None:
    person = await totp_on(app, clock)
    token = (await challenge(app)).mfa_token
    await finish(app, token, person.code(clock))
    clock.advance(seconds=30)
    with pytest.raises(errors.InvalidMfaToken):
        await finish(app, token, person.code(clock))
    late = (await challenge(app)).mfa_token
    clock.advance(minutes=5)
    with pytest.raises(errors.InvalidMfaToken):
        await finish(app, late, person.code(clock))
    with pytest.raises(errors.InvalidMfaToken):
        await finish(app, "made-up-token", person.code(clock))


async def test_an_access_token_is_not_an_mfa_token(app: Container, clock: FakeClock) -> None:
    person = await totp_on(app, clock)
    with pytest.raises(errors.InvalidMfaToken):
        await finish(app, person.session.tokens.access_token, person.code(clock))


async def test_turning_totp_on_ends_every_other_session_and_mails_the_owner(
    app: Container, clock: FakeClock, uow: FakeUnitOfWork, mailer: FakeMailer
) -> None:
    await signed_up(app, EMAIL)
    other = await app.auth.login(Login(EMAIL, PASSWORD, CLIENT))
    mine = await app.auth.login(Login(EMAIL, PASSWORD, CLIENT))
    assert isinstance(other, SessionStarted) and isinstance(mine, SessionStarted)
    setup = await app.mfa.start_totp(Proof(mine.user.id, PASSWORD, None, CLIENT))
    code = pyotp.TOTP(setup.secret).at(clock.now())
    codes = await app.mfa.confirm_totp(
        ConfirmTotp(mine.user.id, mine.tokens.session_id, code, CLIENT)
    )
    assert len(codes) == 10 and len(set(codes)) == 10
    assert uow.sessions.rows[other.tokens.session_id].ended_at == clock.now()
    assert uow.sessions.rows[mine.tokens.session_id].ended_at is None
    with pytest.raises(errors.InvalidToken):
        await app.auth.authenticate(other.tokens.access_token)
    assert (await sent(app, mailer))[-1].subject == "Two-factor is on"
    assert "mfa_enabled" in [e.event for e in uow.security_events.rows]


async def test_the_secret_is_stored_sealed_and_bound_to_its_owner(
    app: Container, clock: FakeClock, uow: FakeUnitOfWork
) -> None:
    person = await totp_on(app, clock)
    stored = uow.totp.rows[person.session.user.id]
    assert person.secret not in stored.sealed_secret
    box = app.mfa.start_totp._second_factor.box  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        box.open(stored.sealed_secret, b"someone else's id")


async def test_recovery_codes_have_at_least_fifty_bits_and_are_stored_hashed(
    app: Container, clock: FakeClock, uow: FakeUnitOfWork
) -> None:
    person = await totp_on(app, clock)
    for code in person.recovery_codes:
        symbols = code.replace("-", "")
        assert len(symbols) * 5 >= 50  # five bits per symbol of a 32-symbol alphabet
    stored = {c.code_hash for c in uow.recovery_codes.rows}
    assert not stored & {c.replace("-", "") for c in person.recovery_codes}
    assert len(stored) == 10


async def test_setting_up_again_replaces_a_pending_secret_but_not_an_active_one(
    app: Container, clock: FakeClock
) -> None:
    await signed_up(app, EMAIL)
    me = await app.auth.login(Login(EMAIL, PASSWORD, CLIENT))
    assert isinstance(me, SessionStarted)
    proof = Proof(me.user.id, PASSWORD, None, CLIENT)
    first = await app.mfa.start_totp(proof)
    second = await app.mfa.start_totp(proof)
    assert first.secret != second.secret
    stale_code = pyotp.TOTP(first.secret).at(clock.now())
    fresh_code = pyotp.TOTP(second.secret).at(clock.now())
    if stale_code != fresh_code:
        with pytest.raises(errors.InvalidMfaCode):
            await app.mfa.confirm_totp(
                ConfirmTotp(me.user.id, me.tokens.session_id, stale_code, CLIENT)
            )
    await app.mfa.confirm_totp(ConfirmTotp(me.user.id, me.tokens.session_id, fresh_code, CLIENT))
    with pytest.raises(errors.TotpAlreadyEnabled):
        await app.mfa.start_totp(proof)


async def test_confirming_needs_a_pending_secret_and_the_right_code(
    app: Container, clock: FakeClock
) -> None:
    await signed_up(app, EMAIL)
    me = await app.auth.login(Login(EMAIL, PASSWORD, CLIENT))
    assert isinstance(me, SessionStarted)
    confirm = ConfirmTotp(me.user.id, me.tokens.session_id, "123456", CLIENT)
    with pytest.raises(errors.TotpNotPending):
        await app.mfa.confirm_totp(confirm)
    setup = await app.mfa.start_totp(Proof(me.user.id, PASSWORD, None, CLIENT))
    wrong = "123456" if pyotp.TOTP(setup.secret).at(clock.now()) != "123456" else "654321"
    with pytest.raises(errors.InvalidMfaCode):
        await app.mfa.confirm_totp(ConfirmTotp(me.user.id, me.tokens.session_id, wrong, CLIENT))
    with pytest.raises(errors.InvalidCurrentPassword):
        await app.mfa.start_totp(Proof(me.user.id, "a wrong password", None, CLIENT))


async def test_turning_totp_off_needs_the_password_and_a_code(
    app: Container, clock: FakeClock, uow: FakeUnitOfWork, mailer: FakeMailer
) -> None:
    person = await totp_on(app, clock)
    with pytest.raises(errors.InvalidCurrentPassword):
        await app.mfa.disable_totp(
            ProvenWithCode(person.proof("wrong password!"), person.code(clock))
        )
    with pytest.raises(errors.InvalidCurrentPassword):
        await app.mfa.disable_totp(ProvenWithCode(person.proof(None), person.code(clock)))
    with pytest.raises(errors.InvalidMfaCode):
        await app.mfa.disable_totp(ProvenWithCode(person.proof(), "not-a-code"))
    await app.mfa.disable_totp(ProvenWithCode(person.proof(), person.code(clock)))
    assert uow.totp.rows == {} and uow.recovery_codes.rows == []
    assert (await sent(app, mailer))[-1].subject == "Two-factor is off"
    outcome = await app.auth.login(Login(EMAIL, PASSWORD, CLIENT))
    assert isinstance(outcome, SessionStarted), "the password alone signs in again"
    with pytest.raises(errors.TotpNotEnabled):
        await app.mfa.disable_totp(ProvenWithCode(person.proof(), person.code(clock)))


async def test_new_recovery_codes_replace_the_old_ones(
    app: Container, clock: FakeClock, mailer: FakeMailer
) -> None:
    person = await totp_on(app, clock)
    fresh = await app.mfa.regenerate_recovery_codes(
        ProvenWithCode(person.proof(), person.recovery_codes[1])
    )
    assert not set(fresh) & set(person.recovery_codes)
    assert (await sent(app, mailer))[-1].subject == "New recovery codes"
    with pytest.raises(errors.InvalidMfaLoginCode):
        await finish(app, (await challenge(app)).mfa_token, person.recovery_codes[2])
    await finish(app, (await challenge(app)).mfa_token, fresh[0])


async def test_an_account_without_a_password_needs_a_recent_sign_in(
    app: Container, clock: FakeClock, uow: FakeUnitOfWork
) -> None:
    user = await signed_up(app, EMAIL)
    uow.users.rows[user.id].password_hash = None  # as a passkey or provider account is
    recent = Proof(user.id, None, clock.now() - timedelta(minutes=9), CLIENT)
    await app.mfa.start_totp(recent)
    stale = Proof(user.id, None, clock.now() - timedelta(minutes=11), CLIENT)
    with pytest.raises(errors.ReauthenticationRequired):
        await app.mfa.start_totp(stale)
    with pytest.raises(errors.InvalidCredentials):
        await app.auth.login(Login(EMAIL, "", CLIENT))


async def test_a_disabled_account_is_refused_only_after_the_right_password(
    app: Container, clock: FakeClock, uow: FakeUnitOfWork
) -> None:
    user = await signed_up(app, EMAIL)
    uow.users.rows[user.id].disabled_at = clock.now()
    with pytest.raises(errors.InvalidCredentials):
        await app.auth.login(Login(EMAIL, "not the password at all", CLIENT))
    with pytest.raises(errors.AccountDisabled):
        await app.auth.login(Login(EMAIL, PASSWORD, CLIENT))


async def test_signing_in_with_a_code_counts_against_the_account_like_a_password(
    tmp_path,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    from authgate.infrastructure.rate_limit import MemoryRateLimiter
    from tests.unit.bootstrap import bootstrap_test_app

    app = bootstrap_test_app(tmp_path, clock=clock, rate_limiter=MemoryRateLimiter())
    person = await totp_on(app, clock)
    for attempt in range(5):
        token = (await challenge(app)).mfa_token
        with pytest.raises(errors.InvalidMfaLoginCode):
            await finish(app, token, f"00000{attempt}")
    with pytest.raises(errors.RateLimited):
        await finish(app, (await challenge(app)).mfa_token, person.code(clock))
