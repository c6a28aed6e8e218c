from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from authgate.application.account.mails import AccountMails
from authgate.application.account.reauthentication import (
    Proof,
    Reauthentication,
    ensure_unchanged,
    reauthenticate,
)
from authgate.application.audit import Audit
from authgate.application.passwords import PasswordRules
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo
from authgate.domain.ports import Clock, Mailer, PasswordHasher, UnitOfWorkFactory
from authgate.domain.values import normalise_password


@dataclass(frozen=True)
class ChangePassword:
    user_id: uuid.UUID
    session_id: uuid.UUID
    current_password: str | None
    new_password: str
    client: ClientInfo
    authenticated_at: datetime | None = None  # of the caller's session


class ChangePasswordHandler:
    """Sets a new password (or a first one, for an account made without) and ends every
    other session of the user: whoever else held one loses it. The current session
    stays signed in; the owner is told by mail."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        rules: PasswordRules,
        audit: Audit,
        clock: Clock,
        mailer: Mailer,
        mails: AccountMails,
        reauth: Reauthentication,
    ) -> None:
        self._uow, self._hasher, self._rules = uow, hasher, rules
        self._audit, self._clock = audit, clock
        self._mailer, self._mails, self._reauth = mailer, mails, reauth

    async def __call__(self, cmd: ChangePassword) -> None:
        proof = Proof(cmd.user_id, cmd.current_password, cmd.authenticated_at, cmd.client)
        confirmed = await reauthenticate(self._reauth, proof)
        self._rules.check(cmd.new_password, confirmed.email, field="new_password")
        new_hash = await self._hasher.hash(normalise_password(cmd.new_password))
        async with self._uow() as uow:
            user = ensure_unchanged(await uow.users.get(cmd.user_id), confirmed)
            user.set_password_hash(new_hash)
            now = self._clock.now()
            for session in await uow.sessions.list_active(user.id, now):
                if session.id != cmd.session_id:
                    session.end(now)
            self._audit.record(uow, Event.PASSWORD_CHANGED, now, user.id, cmd.client)
            await uow.commit()
        await self._mailer.send(self._mails.password_changed(user))
