from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from authgate.application.audit import Audit
from authgate.application.policy import SessionPolicy
from authgate.domain.errors import InvalidToken, NotAuthenticated, SessionNotFound
from authgate.domain.models import ClientInfo, Principal, Session
from authgate.domain.ports import AccessTokens, Clock, UnitOfWorkFactory


class AuthenticateHandler:
    """Turns an access token into a Principal. The session is looked up on every request,
    so an ended session's tokens fail at once on every process, not at their expiry."""

    def __init__(self, uow: UnitOfWorkFactory, access_tokens: AccessTokens, clock: Clock) -> None:
        self._uow, self._access, self._clock = uow, access_tokens, clock

    async def __call__(self, token: str | None) -> Principal:
        if not token:
            raise NotAuthenticated()
        user_id, session_id = self._access.session_of(token)
        async with self._uow(read_only=True) as uow:
            found = await uow.sessions.get_active_with_user(session_id, self._clock.now())
        if found is None or found[1].id != user_id:
            raise InvalidToken()
        return Principal(user=found[1], session_id=session_id)


class ListSessionsHandler:
    """The sessions a person can still use: not ended, not past their maximum age, and
    refreshed recently enough for their refresh token to work. One left idle longer
    can never be used again, so it is not listed as if it were signed in."""

    def __init__(self, uow: UnitOfWorkFactory, policy: SessionPolicy, clock: Clock) -> None:
        self._uow, self._policy, self._clock = uow, policy, clock

    async def __call__(self, user_id: uuid.UUID) -> Sequence[Session]:
        now = self._clock.now()
        async with self._uow(read_only=True) as uow:
            sessions = await uow.sessions.list_active(user_id, now)
        return [s for s in sessions if s.last_used_at + self._policy.refresh_ttl > now]


@dataclass(frozen=True)
class EndSession:
    user_id: uuid.UUID
    session_id: uuid.UUID
    client: ClientInfo


class EndSessionHandler:
    def __init__(self, uow: UnitOfWorkFactory, audit: Audit, clock: Clock) -> None:
        self._uow, self._audit, self._clock = uow, audit, clock

    async def __call__(self, cmd: EndSession) -> None:
        async with self._uow() as uow:
            now = self._clock.now()
            session = await uow.sessions.get(cmd.session_id)
            if session is None or session.user_id != cmd.user_id or not session.is_active(now):
                raise SessionNotFound()  # another user's session is "not found" too
            session.end(now)
            self._audit.record(uow, "session_ended", now, cmd.user_id, cmd.client)
            await uow.commit()
