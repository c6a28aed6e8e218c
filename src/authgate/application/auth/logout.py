from __future__ import annotations

import uuid
from dataclasses import dataclass

from authgate.application.audit import Audit
from authgate.application.opaque_tokens import token_hash
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo
from authgate.domain.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True)
class Logout:
    """Ends the session named by a refresh token or by the access token's session id."""

    refresh_token: str | None
    session_id: uuid.UUID | None
    client: ClientInfo


@dataclass(frozen=True)
class LogoutAll:
    user_id: uuid.UUID
    client: ClientInfo


class LogoutHandler:
    def __init__(self, uow: UnitOfWorkFactory, audit: Audit, clock: Clock) -> None:
        self._uow, self._audit, self._clock = uow, audit, clock

    async def __call__(self, cmd: Logout) -> None:
        async with self._uow() as uow:
            session_ids = {cmd.session_id} if cmd.session_id else set()
            if cmd.refresh_token:
                token = await uow.refresh_tokens.get_by_hash_for_update(
                    token_hash(cmd.refresh_token)
                )
                if token is not None:
                    session_ids.add(token.session_id)
            now = self._clock.now()
            for session_id in session_ids:
                session = await uow.sessions.get(session_id)
                if session is not None and session.ended_at is None:
                    session.end(now)
                    self._audit.record(uow, Event.SESSION_ENDED, now, session.user_id, cmd.client)
            await uow.commit()


class LogoutAllHandler:
    def __init__(self, uow: UnitOfWorkFactory, audit: Audit, clock: Clock) -> None:
        self._uow, self._audit, self._clock = uow, audit, clock

    async def __call__(self, cmd: LogoutAll) -> None:
        async with self._uow() as uow:
            now = self._clock.now()
            for session in await uow.sessions.list_active(cmd.user_id, now):
                session.end(now)
            self._audit.record(uow, Event.ALL_SESSIONS_ENDED, now, cmd.user_id, cmd.client)
            await uow.commit()
