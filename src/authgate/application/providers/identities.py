"""A person's linked providers: list and unlink."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from authgate.application.account.mails import AccountMails
from authgate.application.account.reauthentication import Proof, Reauthentication, reauthenticate
from authgate.application.audit import Audit
from authgate.domain.errors import IdentityNotFound, LastSignInMethod
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.identities import Identity
from authgate.domain.models import keeps_a_way_in
from authgate.domain.ports import Clock, Mailer, UnitOfWorkFactory


class ListIdentitiesHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, user_id: uuid.UUID) -> Sequence[Identity]:
        async with self._uow(read_only=True) as uow:
            return await uow.identities.list_for_user(user_id)


@dataclass(frozen=True)
class UnlinkIdentity:
    proof: Proof
    provider: str


class UnlinkIdentityHandler:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        reauth: Reauthentication,
        audit: Audit,
        clock: Clock,
        mailer: Mailer,
        mails: AccountMails,
    ) -> None:
        self._uow, self._reauth, self._audit, self._clock = uow, reauth, audit, clock
        self._mailer, self._mails = mailer, mails

    async def __call__(self, cmd: UnlinkIdentity) -> None:
        user_id = cmd.proof.user_id
        user = await reauthenticate(self._reauth, cmd.proof)
        async with self._uow() as uow:
            identities = await uow.identities.list_for_user(user_id)
            gone = [i for i in identities if i.provider == cmd.provider]
            if not gone:
                raise IdentityNotFound()
            passkeys = len(await uow.passkeys.list_for_user(user_id))
            if not keeps_a_way_in(user, passkeys, len(identities) - len(gone)):
                raise LastSignInMethod()
            for identity in gone:
                await uow.identities.delete(identity)
            now = self._clock.now()
            self._audit.record(uow, Event.IDENTITY_UNLINKED, now, user_id, cmd.proof.client)
            await uow.commit()
        notice = f"Your {cmd.provider} account was unlinked: it no longer signs you in."
        await self._mailer.send(self._mails.security_notice(user, "Account unlinked", notice))
