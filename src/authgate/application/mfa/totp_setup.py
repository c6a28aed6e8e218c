"""Turning TOTP on: a pending secret first, then a code from the app confirms it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from authgate.application.account.mails import AccountMails
from authgate.application.account.reauthentication import Proof, Reauthentication, reauthenticate
from authgate.application.audit import Audit
from authgate.application.mfa.second_factor import SecondFactor
from authgate.application.throttle import Throttle
from authgate.domain.errors import InvalidMfaCode, TotpAlreadyEnabled, TotpNotPending
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.mfa import TotpCredential
from authgate.domain.models import ClientInfo
from authgate.domain.ports import Clock, Mailer, UnitOfWorkFactory


@dataclass(frozen=True)
class TotpSetup:
    secret: str
    otpauth_uri: str


class StartTotpHandler:
    """A new secret, not yet active; asking again replaces a pending one."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        reauth: Reauthentication,
        second_factor: SecondFactor,
        clock: Clock,
    ) -> None:
        self._uow, self._reauth, self._second_factor, self._clock = (
            uow,
            reauth,
            second_factor,
            clock,
        )

    async def __call__(self, proof: Proof) -> TotpSetup:
        user = await reauthenticate(self._reauth, proof)
        secret = self._second_factor.totp.new_secret()
        async with self._uow() as uow:
            existing = await uow.totp.get_for_update(user.id)
            if existing is not None and existing.enabled:
                raise TotpAlreadyEnabled()
            sealed = self._second_factor.seal(user.id, secret)
            if existing is None:
                uow.totp.add(TotpCredential(user.id, sealed, self._clock.now()))
            else:
                existing.restart(sealed, self._clock.now())
            await uow.commit()
        issuer = self._second_factor.issuer
        uri = self._second_factor.totp.provisioning_uri(secret, user.email, issuer)
        return TotpSetup(secret, uri)


@dataclass(frozen=True)
class ConfirmTotp:
    user_id: uuid.UUID
    session_id: uuid.UUID
    code: str
    client: ClientInfo


class ConfirmTotpHandler:
    """The first good code turns TOTP on, hands out recovery codes once, and signs
    out every other session: whoever else was signed in must now pass the second
    factor too."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        second_factor: SecondFactor,
        throttle: Throttle,
        audit: Audit,
        clock: Clock,
        mailer: Mailer,
        mails: AccountMails,
    ) -> None:
        self._uow, self._second_factor, self._throttle = uow, second_factor, throttle
        self._audit, self._clock, self._mailer, self._mails = audit, clock, mailer, mails

    async def __call__(self, cmd: ConfirmTotp) -> list[str]:
        reservation = await self._throttle.reserve("mfa_account", str(cmd.user_id), cmd.client)
        async with self._throttle.refund_unless(InvalidMfaCode, reservation), self._uow() as uow:
            now = self._clock.now()
            credential = await uow.totp.get_for_update(cmd.user_id)
            user = await uow.users.get(cmd.user_id)
            if credential is None or credential.enabled or user is None:
                raise TotpNotPending()
            step = self._second_factor.totp_step(credential, cmd.code, now)
            if step is None:
                raise InvalidMfaCode()
            credential.confirm(step, now)
            codes = await self._second_factor.new_recovery_codes(uow, user.id)
            for session in await uow.sessions.list_active(user.id, now):
                if session.id != cmd.session_id:
                    session.end(now)
            self._audit.record(uow, Event.MFA_ENABLED, now, user.id, cmd.client)
            await uow.commit()
        notice = "Two-factor authentication was turned on for your account."
        await self._mailer.send(self._mails.security_notice(user, "Two-factor is on", notice))
        return codes
