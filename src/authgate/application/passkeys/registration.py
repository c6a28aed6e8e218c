"""A signed-in person's passkeys: add, list, rename, remove."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from authgate.application.account.mails import AccountMails
from authgate.application.account.reauthentication import Proof, Reauthentication, reauthenticate
from authgate.application.audit import Audit
from authgate.application.passkeys.ceremonies import Ceremonies
from authgate.domain.errors import InvalidPasskey, LastSignInMethod, PasskeyNotFound
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo, User, keeps_a_way_in
from authgate.domain.passkeys import ChallengePurpose, Passkey
from authgate.domain.ports import (
    Clock,
    Mailer,
    NewCredential,
    UnitOfWork,
    UnitOfWorkFactory,
    WebAuthn,
)

DEFAULT_NAME = "Passkey"


def new_passkey(user: User, credential: NewCredential, name: str | None, now: Any) -> Passkey:
    return Passkey(
        id=uuid.uuid4(),
        user_id=user.id,
        credential_id=credential.credential_id,
        public_key=credential.public_key,
        sign_count=credential.sign_count,
        name=(name or "").strip() or DEFAULT_NAME,
        created_at=now,
    )


async def register(
    uow: UnitOfWork,
    webauthn: WebAuthn,
    user: User,
    credential: dict[str, Any],
    challenge: str,
    name: str | None,
    now: Any,
) -> Passkey:
    """Verifies the answer and stores its key; a key already known is refused."""
    verified = webauthn.verify_registration(credential, challenge)
    if await uow.passkeys.get_by_credential_id_for_update(verified.credential_id):
        raise InvalidPasskey()
    passkey = new_passkey(user, verified, name, now)
    uow.passkeys.add(passkey)
    return passkey


@dataclass(frozen=True)
class PasskeyDeps:
    """What the passkey handlers need, injected by name at the composition root."""

    uow: UnitOfWorkFactory
    reauth: Reauthentication
    webauthn: WebAuthn
    ceremonies: Ceremonies
    audit: Audit
    clock: Clock
    mailer: Mailer
    mails: AccountMails


class StartPasskeyRegistrationHandler:
    def __init__(self, passkey_deps: PasskeyDeps) -> None:
        self._d = passkey_deps

    async def __call__(self, proof: Proof) -> dict[str, Any]:
        """Creation options that leave out the person's existing passkeys."""
        user = await reauthenticate(self._d.reauth, proof)
        async with self._d.uow() as uow:
            known = [p.credential_id for p in await uow.passkeys.list_for_user(user.id)]
            options, challenge = self._d.webauthn.creation_options(
                user.id.bytes, user.email, user.name, known
            )
            self._d.ceremonies.begin(uow, ChallengePurpose.REGISTER, challenge, user.id)
            await uow.commit()
        return options


@dataclass(frozen=True)
class AddPasskey:
    user_id: uuid.UUID
    credential: dict[str, Any]
    name: str | None
    client: ClientInfo


class AddPasskeyHandler:
    def __init__(self, passkey_deps: PasskeyDeps) -> None:
        self._d = passkey_deps

    async def __call__(self, cmd: AddPasskey) -> Passkey:
        d = self._d
        async with d.uow() as uow:
            user = await uow.users.get(cmd.user_id)
            now = d.clock.now()
            try:
                challenge = await d.ceremonies.newest_of(
                    uow, cmd.user_id, ChallengePurpose.REGISTER
                )
                if user is None:
                    raise InvalidPasskey()
                passkey = await register(
                    uow, d.webauthn, user, cmd.credential, challenge.challenge, cmd.name, now
                )
            except InvalidPasskey:
                await uow.commit()  # the challenge stays used up
                raise
            d.audit.record(uow, Event.PASSKEY_ADDED, now, user.id, cmd.client)
            await uow.commit()
        notice = f"A passkey named “{passkey.name}” was added to your account."
        await d.mailer.send(d.mails.security_notice(user, "A passkey was added", notice))
        return passkey


class ListPasskeysHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, user_id: uuid.UUID) -> Sequence[Passkey]:
        async with self._uow(read_only=True) as uow:
            return await uow.passkeys.list_for_user(user_id)


@dataclass(frozen=True)
class RenamePasskey:
    user_id: uuid.UUID
    passkey_id: uuid.UUID
    name: str


class RenamePasskeyHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, cmd: RenamePasskey) -> Passkey:
        async with self._uow() as uow:
            passkey = await uow.passkeys.get(cmd.user_id, cmd.passkey_id)
            if passkey is None:
                raise PasskeyNotFound()
            passkey.name = cmd.name.strip() or DEFAULT_NAME
            await uow.commit()
        return passkey


@dataclass(frozen=True)
class RemovePasskey:
    proof: Proof
    passkey_id: uuid.UUID


class RemovePasskeyHandler:
    def __init__(self, passkey_deps: PasskeyDeps) -> None:
        self._d = passkey_deps

    async def __call__(self, cmd: RemovePasskey) -> None:
        d, user_id = self._d, cmd.proof.user_id
        async with d.uow(read_only=True) as read:
            exists = await read.passkeys.get(user_id, cmd.passkey_id)
        if exists is None:
            raise PasskeyNotFound()  # before the password: nothing to prove for nothing
        user = await reauthenticate(d.reauth, cmd.proof)
        async with d.uow() as uow:
            passkey = await uow.passkeys.get(user_id, cmd.passkey_id)
            if passkey is None:
                raise PasskeyNotFound()
            others = [p for p in await uow.passkeys.list_for_user(user_id) if p.id != passkey.id]
            identities = await uow.identities.list_for_user(user_id)
            stored = await uow.users.get(user_id)
            if stored is None or not keeps_a_way_in(stored, len(others), len(identities)):
                raise LastSignInMethod()
            await uow.passkeys.delete(passkey)
            d.audit.record(uow, Event.PASSKEY_REMOVED, d.clock.now(), user_id, cmd.proof.client)
            await uow.commit()
        notice = f"The passkey named “{passkey.name}” was removed from your account."
        await d.mailer.send(d.mails.security_notice(user, "A passkey was removed", notice))
