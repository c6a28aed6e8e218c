"""Turning TOTP off and making new recovery codes: both need the owner's proof (the
password, or a recent sign-in) and a code from the second factor itself."""

from __future__ import annotations

from dataclasses import dataclass

from authgate.application.account.mails import AccountMails
from authgate.application.account.reauthentication import Proof, Reauthentication, reauthenticate
from authgate.application.audit import Audit
from authgate.application.mfa.second_factor import SecondFactor
from authgate.application.throttle import Throttle
from authgate.domain.errors import InvalidMfaCode, TotpNotEnabled
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import User
from authgate.domain.ports import Clock, Mailer, UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class ProvenWithCode:
    proof: Proof
    code: str


@dataclass(frozen=True)
class MfaChange:
    """What both changes need, injected by name at the composition root."""

    uow: UnitOfWorkFactory
    reauth: Reauthentication
    second_factor: SecondFactor
    throttle: Throttle
    audit: Audit
    clock: Clock
    mailer: Mailer
    mails: AccountMails


async def _with_code(deps: MfaChange, cmd: ProvenWithCode, uow: UnitOfWork) -> User:
    """The user, once the code checks out (and is used up); within `uow`."""
    user = await uow.users.get(cmd.proof.user_id)
    credential = await uow.totp.get(cmd.proof.user_id)
    if user is None or credential is None or not credential.enabled:
        raise TotpNotEnabled()
    if await deps.second_factor.redeem(uow, user.id, cmd.code) is None:
        raise InvalidMfaCode()
    return user


class DisableTotpHandler:
    def __init__(self, change: MfaChange) -> None:
        self._deps = change

    async def __call__(self, cmd: ProvenWithCode) -> None:
        deps = self._deps
        await reauthenticate(deps.reauth, cmd.proof)
        key, client = str(cmd.proof.user_id), cmd.proof.client
        reservation = await deps.throttle.reserve("mfa_account", key, client)
        async with deps.throttle.refund_unless(InvalidMfaCode, reservation), deps.uow() as uow:
            user = await _with_code(deps, cmd, uow)
            credential = await uow.totp.get(user.id)
            assert credential is not None
            await uow.totp.delete(credential)
            await uow.recovery_codes.delete_all(user.id)
            deps.audit.record(uow, Event.MFA_DISABLED, deps.clock.now(), user.id, client)
            await uow.commit()
        notice = "Two-factor authentication was turned off for your account."
        await deps.mailer.send(deps.mails.security_notice(user, "Two-factor is off", notice))


class RegenerateRecoveryCodesHandler:
    def __init__(self, change: MfaChange) -> None:
        self._deps = change

    async def __call__(self, cmd: ProvenWithCode) -> list[str]:
        deps = self._deps
        await reauthenticate(deps.reauth, cmd.proof)
        key, client = str(cmd.proof.user_id), cmd.proof.client
        reservation = await deps.throttle.reserve("mfa_account", key, client)
        async with deps.throttle.refund_unless(InvalidMfaCode, reservation), deps.uow() as uow:
            user = await _with_code(deps, cmd, uow)
            codes = await deps.second_factor.new_recovery_codes(uow, user.id)
            event = Event.RECOVERY_CODES_REGENERATED
            deps.audit.record(uow, event, deps.clock.now(), user.id, client)
            await uow.commit()
        notice = "New recovery codes were made for your account; the old ones no longer work."
        await deps.mailer.send(deps.mails.security_notice(user, "New recovery codes", notice))
        return codes
