from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from authgate.application.account.reauthentication import (
    Proof,
    Reauthentication,
    ensure_unchanged,
    reauthenticate,
)
from authgate.application.audit import Audit
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo
from authgate.domain.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True)
class DeleteAccount:
    user_id: uuid.UUID
    password: str | None
    client: ClientInfo
    authenticated_at: datetime | None = None  # of the caller's session


class DeleteAccountHandler:
    """Deletes the user in one transaction. Sessions, tokens and second factors go with
    it through ON DELETE CASCADE, so the address is free again; the security events stay
    (the audit trail outlives the person it concerns)."""

    def __init__(
        self, uow: UnitOfWorkFactory, reauth: Reauthentication, audit: Audit, clock: Clock
    ) -> None:
        self._uow, self._reauth, self._audit, self._clock = uow, reauth, audit, clock

    async def __call__(self, cmd: DeleteAccount) -> None:
        proof = Proof(cmd.user_id, cmd.password, cmd.authenticated_at, cmd.client)
        confirmed = await reauthenticate(self._reauth, proof)
        async with self._uow() as uow:
            user = ensure_unchanged(await uow.users.get(cmd.user_id), confirmed)
            now = self._clock.now()
            for session in await uow.sessions.list_active(user.id, now):
                session.end(now)  # so every process refuses its tokens at once
            self._audit.record(uow, Event.ACCOUNT_DELETED, now, user.id, cmd.client)
            await uow.users.delete(user)
            await uow.commit()
