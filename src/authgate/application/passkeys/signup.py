"""Making an account with a passkey and no password."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from authgate.application.account.mails import AccountMails
from authgate.application.account.one_time_tokens import issue_token
from authgate.application.audit import Audit
from authgate.application.auth.sign_in import SessionStarted, SignIn
from authgate.application.passkeys.ceremonies import Ceremonies
from authgate.application.passkeys.registration import new_passkey
from authgate.application.passkeys.sign_in import PASSKEY
from authgate.domain.errors import Conflict, EmailTaken, InvalidPasskey
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo, TokenPurpose, User
from authgate.domain.passkeys import ChallengePurpose
from authgate.domain.ports import (
    Clock,
    Mailer,
    NewCredential,
    UnitOfWork,
    UnitOfWorkFactory,
    WebAuthn,
)
from authgate.domain.values import normalise_email


@dataclass(frozen=True)
class StartPasskeySignup:
    name: str
    email: str


class StartPasskeySignupHandler:
    """Creation options for an account that exists once the passkey is made. The
    account's id is fixed now: it is the user handle the authenticator keeps."""

    def __init__(self, uow: UnitOfWorkFactory, webauthn: WebAuthn, ceremonies: Ceremonies) -> None:
        self._uow, self._webauthn, self._ceremonies = uow, webauthn, ceremonies

    async def __call__(self, cmd: StartPasskeySignup) -> tuple[dict[str, Any], str]:
        user_id, email, name = uuid.uuid4(), normalise_email(cmd.email), cmd.name.strip()
        options, challenge = self._webauthn.creation_options(user_id.bytes, email, name, [])
        async with self._uow() as uow:
            payload = {"name": name, "email": email}
            token = self._ceremonies.begin(
                uow, ChallengePurpose.SIGNUP, challenge, user_id, payload
            )
            await uow.commit()
        return options, token


@dataclass(frozen=True)
class FinishPasskeySignup:
    challenge_token: str
    credential: dict[str, Any]
    client: ClientInfo


class FinishPasskeySignupHandler:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        webauthn: WebAuthn,
        ceremonies: Ceremonies,
        sign_in: SignIn,
        audit: Audit,
        clock: Clock,
        mailer: Mailer,
        mails: AccountMails,
    ) -> None:
        self._uow, self._webauthn, self._ceremonies = uow, webauthn, ceremonies
        self._sign_in, self._audit, self._clock = sign_in, audit, clock
        self._mailer, self._mails = mailer, mails

    async def __call__(self, cmd: FinishPasskeySignup) -> SessionStarted:
        async with self._uow() as uow:
            now = self._clock.now()
            try:
                user, credential = await self._checked(uow, cmd, now)
            except (InvalidPasskey, EmailTaken):
                await uow.commit()  # the challenge stays used up
                raise
            uow.users.add(user)
            uow.passkeys.add(new_passkey(user, credential, None, now))
            token = await issue_token(uow, user, TokenPurpose.EMAIL_VERIFICATION, now)
            self._audit.record(uow, Event.PASSKEY_ADDED, now, user.id, cmd.client)
            started = await self._sign_in.start_session(uow, user, [PASSKEY], cmd.client)
            try:
                await uow.commit()
            except Conflict:  # a racing sign-up for the same address (or key) won
                raise EmailTaken() from None
        await self._mailer.send(self._mails.verification(user, token))
        return started

    async def _checked(
        self, uow: UnitOfWork, cmd: FinishPasskeySignup, now: Any
    ) -> tuple[User, NewCredential]:
        challenge = await self._ceremonies.by_token(
            uow, cmd.challenge_token, ChallengePurpose.SIGNUP
        )
        user = self._new_user(challenge.user_id, challenge.payload or {}, now)
        credential = self._webauthn.verify_registration(cmd.credential, challenge.challenge)
        if await uow.passkeys.get_by_credential_id_for_update(credential.credential_id):
            raise InvalidPasskey()
        if await uow.users.get_by_email(user.email) is not None:
            raise EmailTaken()
        return user, credential

    @staticmethod
    def _new_user(user_id: uuid.UUID | None, account: dict[str, Any], now: Any) -> User:
        if user_id is None or not account.get("email"):
            raise InvalidPasskey()
        return User(
            id=user_id,
            name=str(account["name"]),
            email=str(account["email"]),
            password_hash=None,
            created_at=now,
        )
