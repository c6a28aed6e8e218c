"""Starting sessions and issuing the token pair that belongs to one."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime

from authgate.application.policy import SessionPolicy
from authgate.domain.models import ClientInfo, IssuedTokens, RefreshToken, Session, User
from authgate.domain.ports import AccessTokens, UnitOfWork

REFRESH_TOKEN_BYTES = 32  # 256 bits


def hash_refresh_token(value: str) -> str:
    """A fast hash is right here: the token is 256 random bits, not a guessable secret."""
    return hashlib.sha256(value.encode()).hexdigest()


class TokenIssuer:
    def __init__(self, access_tokens: AccessTokens, policy: SessionPolicy) -> None:
        self._access = access_tokens
        self._policy = policy

    def start_session(
        self, uow: UnitOfWork, user: User, client: ClientInfo, now: datetime
    ) -> Session:
        session = Session(
            id=uuid.uuid4(),
            user_id=user.id,
            created_at=now,
            last_used_at=now,
            expires_at=now + self._policy.session_max_age,
            user_agent=(client.user_agent or None) and client.user_agent[:512],
            ip=client.ip,
        )
        uow.sessions.add(session)
        return session

    def issue(self, uow: UnitOfWork, user: User, session: Session, now: datetime) -> IssuedTokens:
        """A fresh access token and refresh token for the session; the refresh token never
        outlives the session."""
        value = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
        expires_at = min(now + self._policy.refresh_ttl, session.expires_at)
        uow.refresh_tokens.add(
            RefreshToken(
                id=uuid.uuid4(),
                session_id=session.id,
                token_hash=hash_refresh_token(value),
                created_at=now,
                expires_at=expires_at,
            )
        )
        access_expires_in = int(self._policy.access_ttl.total_seconds())
        return IssuedTokens(
            access_token=self._access.issue(user, session.id, now),
            refresh_token=value,
            expires_in=access_expires_in,
            refresh_expires_in=max(0, int((expires_at - now).total_seconds())),
            session_id=session.id,
        )
