from __future__ import annotations

from dataclasses import dataclass

from authgate.application.audit import Audit
from authgate.application.policy import SessionPolicy
from authgate.application.session_tokens import TokenIssuer, hash_refresh_token
from authgate.domain.errors import InvalidRefreshToken, RefreshTokenReused
from authgate.domain.models import ClientInfo, IssuedTokens
from authgate.domain.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True)
class Refresh:
    refresh_token: str
    client: ClientInfo


class RefreshHandler:
    """Rotates a refresh token. A rotated token shown again within the grace window gets
    a fresh pair (tabs racing); later, it is treated as stolen and its session ends."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        issuer: TokenIssuer,
        policy: SessionPolicy,
        audit: Audit,
        clock: Clock,
    ) -> None:
        self._uow, self._issuer, self._policy = uow, issuer, policy
        self._audit, self._clock = audit, clock

    async def __call__(self, cmd: Refresh) -> IssuedTokens:
        async with self._uow() as uow:
            now = self._clock.now()
            token = await uow.refresh_tokens.get_by_hash_for_update(
                hash_refresh_token(cmd.refresh_token)
            )
            found = token and await uow.sessions.get_active_with_user(token.session_id, now)
            if token is None or not found or now >= token.expires_at:
                raise InvalidRefreshToken()
            session, user = found
            if token.rotated_at is not None and not token.rotated_within(
                now, self._policy.reuse_grace
            ):
                session.end(now)
                self._audit.record(uow, "refresh_token_reused", now, user.id, cmd.client)
                await uow.commit()
                raise RefreshTokenReused()
            if token.rotated_at is None:
                token.rotated_at = now
            session.last_used_at = now
            tokens = self._issuer.issue(uow, user, session, now)
            await uow.commit()
        return tokens
