from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from authgate.application.audit import Audit
from authgate.application.policy import SessionPolicy
from authgate.domain.errors import (
    InvalidToken,
    NotAuthenticated,
    SessionNotFound,
    UnknownSigningKey,
)
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo, Principal, Session
from authgate.domain.ports import AccessTokens, Clock, Revocations, UnitOfWorkFactory


class AuthenticateHandler:
    """Turns an access token into a Principal without the database: the token says who
    and which session; the revocation view says whether the session has ended (on any
    process, within a second) and whether the person's info changed since."""

    def __init__(self, access_tokens: AccessTokens, revocations: Revocations) -> None:
        self._access, self._revocations = access_tokens, revocations

    async def __call__(self, token: str | None) -> Principal:
        if not token:
            raise NotAuthenticated()
        await self._access.ready()
        try:
            verified = self._access.verify(token)
        except UnknownSigningKey:
            await self._access.reload_keys()  # another process may have just made the key
            verified = self._access.verify(token)
        await self._revocations.ensure_fresh()
        if self._revocations.session_ended(verified.session_id):
            raise InvalidToken()
        current = self._revocations.current_profile(verified.user.id, verified.issued_at)
        return Principal(current or verified.user, verified.session_id, verified.authenticated_at)


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
            self._audit.record(uow, Event.SESSION_ENDED, now, cmd.user_id, cmd.client)
            await uow.commit()
