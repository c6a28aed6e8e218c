from __future__ import annotations

import uuid
from dataclasses import dataclass

from authgate.application.account.reauthentication import (
    Reauthentication,
    confirm_password,
    ensure_unchanged,
)
from authgate.application.audit import Audit
from authgate.domain.models import ClientInfo
from authgate.domain.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True)
class DeleteAccount:
    user_id: uuid.UUID
    password: str
    client: ClientInfo


class DeleteAccountHandler:
    """Deletes the user in one transaction. Sessions, refresh tokens, one-time tokens and
    security events go with it through ON DELETE CASCADE, so the address is free again."""

    def __init__(
        self, uow: UnitOfWorkFactory, reauth: Reauthentication, audit: Audit, clock: Clock
    ) -> None:
        self._uow, self._reauth, self._audit, self._clock = uow, reauth, audit, clock

    async def __call__(self, cmd: DeleteAccount) -> None:
        confirmed = await confirm_password(self._reauth, cmd.user_id, cmd.password, cmd.client)
        async with self._uow() as uow:
            user = ensure_unchanged(await uow.users.get(cmd.user_id), confirmed)
            now = self._clock.now()
            for session in await uow.sessions.list_active(user.id, now):
                session.end(now)  # so every process refuses its tokens at once
            # The event's row goes with the account; its log line is what remains.
            self._audit.record(uow, "account_deleted", now, user.id, cmd.client)
            await uow.users.delete(user)
            await uow.commit()
