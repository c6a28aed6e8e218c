"""The second step of a sign-in: the MFA token from the first step, and a code."""

from __future__ import annotations

from dataclasses import dataclass

from authgate.application.account.mails import AccountMails
from authgate.application.audit import Audit
from authgate.application.auth.sign_in import SessionStarted, SignIn
from authgate.application.mfa.second_factor import RECOVERY_CODE, SecondFactor
from authgate.application.opaque_tokens import token_hash
from authgate.application.throttle import Throttle
from authgate.domain.errors import InvalidMfaLoginCode, InvalidMfaToken
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo
from authgate.domain.ports import Clock, Mailer, RateReservation, UnitOfWorkFactory


@dataclass(frozen=True)
class CompleteMfaLogin:
    mfa_token: str
    code: str
    client: ClientInfo


class CompleteMfaLoginHandler:
    """A wrong code spends one of the token's five attempts and counts against the
    account like a wrong password; a right one starts the session, whose methods say
    which second factor it was."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        second_factor: SecondFactor,
        sign_in: SignIn,
        throttle: Throttle,
        audit: Audit,
        clock: Clock,
        mailer: Mailer,
        mails: AccountMails,
    ) -> None:
        self._uow, self._second_factor, self._sign_in = uow, second_factor, sign_in
        self._throttle, self._audit, self._clock = throttle, audit, clock
        self._mailer, self._mails = mailer, mails

    async def __call__(self, cmd: CompleteMfaLogin) -> SessionStarted:
        hashed = token_hash(cmd.mfa_token)
        async with self._uow(read_only=True) as read:
            challenge = await read.mfa_challenges.get_by_hash(hashed)
        if challenge is None or not challenge.is_usable(self._clock.now()):
            raise InvalidMfaToken()
        account = str(challenge.user_id)
        reservation = await self._throttle.reserve("mfa_account", account, cmd.client)
        async with self._throttle.refund_unless(InvalidMfaLoginCode, reservation):
            started, method = await self._redeem(hashed, cmd, reservation)
        if method == RECOVERY_CODE:
            notice = "A recovery code was just used to sign in to your account."
            message = self._mails.security_notice(started.user, "A recovery code was used", notice)
            await self._mailer.send(message)
        return started

    async def _redeem(
        self, hashed: str, cmd: CompleteMfaLogin, reservation: RateReservation
    ) -> tuple[SessionStarted, str]:
        async with self._uow() as uow:
            now = self._clock.now()
            challenge = await uow.mfa_challenges.get_by_hash_for_update(hashed)
            user = await uow.users.get(challenge.user_id) if challenge else None
            if challenge is None or user is None or not challenge.is_usable(now):
                raise InvalidMfaToken()  # used or spent by a request that raced this one
            method = await self._second_factor.redeem(uow, user.id, cmd.code)
            if method is None:
                challenge.fail()
                self._audit.record(uow, Event.MFA_FAILED, now, user.id, cmd.client)
                self._throttle.failed(uow, reservation, user.id, cmd.client)
                await uow.commit()
                raise InvalidMfaLoginCode()
            challenge.use(now)
            if method == RECOVERY_CODE:
                self._audit.record(uow, Event.RECOVERY_CODE_USED, now, user.id, cmd.client)
            started = await self._sign_in.start_session(uow, user, ["password", method], cmd.client)
            await uow.commit()
        return started, method
