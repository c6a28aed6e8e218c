"""Starting sessions and issuing the token pair that belongs to one.

A session's refresh tokens form one line: each token's successor is an HMAC of the
token under a server key. Rotating a token stores its successor's hash; a racing tab
that shows the same token within the grace window is handed the same successor,
recomputed, so a replay never starts a second branch that reuse detection could not
see. Recomputing (rather than keeping the successor encrypted) means no token value is
ever stored, not even encrypted: the database holds hashes only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Sequence
from datetime import datetime

from authgate.application.opaque_tokens import new_token, token_hash
from authgate.application.policy import SessionPolicy
from authgate.domain.models import (
    LAST_USED_PRECISION,
    ClientInfo,
    IssuedTokens,
    RefreshToken,
    Session,
    User,
)
from authgate.domain.ports import AccessTokens, OneStepRotation, UnitOfWork


def successor_of(value: str, key: bytes) -> str:
    """The refresh token that follows `value`: 256 bits no one can compute without `key`."""
    digest = hmac.new(key, value.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class TokenIssuer:
    def __init__(
        self, access_tokens: AccessTokens, policy: SessionPolicy, successor_key: bytes
    ) -> None:
        self._access = access_tokens
        self._policy = policy
        self._successor_key = successor_key

    def start_session(
        self,
        uow: UnitOfWork,
        user: User,
        methods: Sequence[str],
        client: ClientInfo,
        now: datetime,
    ) -> Session:
        session = Session(
            id=uuid.uuid4(),
            user_id=user.id,
            created_at=now,
            last_used_at=now,
            expires_at=now + self._policy.session_max_age,
            authenticated_at=now,
            methods=list(methods),
            user_agent=(client.user_agent or None) and client.user_agent[:512],
            ip=client.ip,
        )
        uow.sessions.add(session)
        return session

    async def issue(
        self, uow: UnitOfWork, user: User, session: Session, now: datetime
    ) -> IssuedTokens:
        """The first pair of a new session."""
        value = new_token()
        self._store(uow, session, value, now)
        return await self._pair(user, session, value, now, now)

    async def rotate(
        self,
        uow: UnitOfWork,
        user: User,
        session: Session,
        token: RefreshToken,
        value: str,
        now: datetime,
    ) -> IssuedTokens:
        """A fresh access token and the successor of `value` (the stored `token`).
        RefreshTokenReused when `value` was rotated longer ago than the grace window."""
        successor = successor_of(value, self._successor_key)
        if token.rotate(now, self._policy.reuse_grace):
            self._store(uow, session, successor, now)
        assert token.rotated_at is not None
        return await self._pair(user, session, successor, token.rotated_at, now)

    async def rotate_unused(
        self, one_step: OneStepRotation, value: str, now: datetime
    ) -> IssuedTokens | None:
        """`rotate` for the plain case, an unused token of an active session, in one step.
        None when `value` is anything else: `rotate` then tells what."""
        successor = successor_of(value, self._successor_key)
        found = await one_step(
            token_hash(value),
            token_hash(successor),
            now,
            self._policy.refresh_ttl,
            LAST_USED_PRECISION,
        )
        if found is None:
            return None
        session, user = found
        return await self._pair(user, session, successor, now, now)

    def _store(self, uow: UnitOfWork, session: Session, value: str, now: datetime) -> None:
        uow.refresh_tokens.add(
            RefreshToken(
                id=uuid.uuid4(),
                session_id=session.id,
                token_hash=token_hash(value),
                created_at=now,
                expires_at=self._refresh_expiry(session, now),
            )
        )

    def _refresh_expiry(self, session: Session, created_at: datetime) -> datetime:
        """A refresh token never outlives its session."""
        return min(created_at + self._policy.refresh_ttl, session.expires_at)

    async def _pair(
        self, user: User, session: Session, refresh: str, refresh_created: datetime, now: datetime
    ) -> IssuedTokens:
        refresh_expires = self._refresh_expiry(session, refresh_created)
        return IssuedTokens(
            access_token=await self._access.issue(user, session, now),
            refresh_token=refresh,
            expires_in=int(self._policy.access_ttl.total_seconds()),
            refresh_expires_in=max(0, int((refresh_expires - now).total_seconds())),
            session_id=session.id,
        )
