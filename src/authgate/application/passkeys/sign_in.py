"""Signing in with a discoverable passkey: the person picks it and types nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from authgate.application.audit import Audit
from authgate.application.auth.sign_in import SessionStarted, SignIn
from authgate.application.passkeys.ceremonies import Ceremonies
from authgate.domain.errors import InvalidPasskey, InvalidPasskeyLogin
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo
from authgate.domain.passkeys import ChallengePurpose, CounterWentBackwards, Passkey
from authgate.domain.ports import Clock, UnitOfWork, UnitOfWorkFactory, WebAuthn

PASSKEY = "passkey"


class PasskeyLoginOptionsHandler:
    def __init__(self, uow: UnitOfWorkFactory, webauthn: WebAuthn, ceremonies: Ceremonies) -> None:
        self._uow, self._webauthn, self._ceremonies = uow, webauthn, ceremonies

    async def __call__(self) -> tuple[dict[str, Any], str]:
        """Request options with no allowCredentials, and the token of their challenge."""
        options, challenge = self._webauthn.request_options()
        async with self._uow() as uow:
            token = self._ceremonies.begin(uow, ChallengePurpose.LOGIN, challenge)
            await uow.commit()
        return options, token


@dataclass(frozen=True)
class PasskeyLogin:
    challenge_token: str
    credential: dict[str, Any]
    client: ClientInfo


class PasskeyLoginHandler:
    """A passkey with user verification is two factors already: no TOTP step follows."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        webauthn: WebAuthn,
        ceremonies: Ceremonies,
        sign_in: SignIn,
        audit: Audit,
        clock: Clock,
    ) -> None:
        self._uow, self._webauthn, self._ceremonies = uow, webauthn, ceremonies
        self._sign_in, self._audit, self._clock = sign_in, audit, clock

    async def __call__(self, cmd: PasskeyLogin) -> SessionStarted:
        async with self._uow() as uow:
            try:
                passkey = await self._verified(uow, cmd)
            except InvalidPasskey:
                await uow.commit()  # the challenge stays used up, a regression recorded
                raise InvalidPasskeyLogin() from None
            user = await uow.users.get(passkey.user_id)
            if user is None:
                raise InvalidPasskeyLogin()
            self._audit.record(uow, Event.PASSKEY_USED, self._clock.now(), user.id, cmd.client)
            started = await self._sign_in.start_session(uow, user, [PASSKEY], cmd.client)
            await uow.commit()
        return started

    async def _verified(self, uow: UnitOfWork, cmd: PasskeyLogin) -> Passkey:
        challenge = await self._ceremonies.by_token(
            uow, cmd.challenge_token, ChallengePurpose.LOGIN
        )
        claimed = self._webauthn.read_assertion(cmd.credential)
        passkey = await uow.passkeys.get_by_credential_id_for_update(claimed.credential_id)
        if passkey is None or claimed.user_handle not in (None, passkey.user_id.bytes):
            raise InvalidPasskey()
        count = self._webauthn.verify_assertion(
            cmd.credential, challenge.challenge, passkey.public_key
        )
        now = self._clock.now()
        try:
            passkey.use(count, now)
        except CounterWentBackwards:
            event = Event.PASSKEY_COUNTER_REGRESSED
            self._audit.record(uow, event, now, passkey.user_id, cmd.client)
            raise InvalidPasskey() from None
        return passkey
