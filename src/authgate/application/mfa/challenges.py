"""The MFA token: what a client holds between a right password and a right code."""

from __future__ import annotations

import uuid
from datetime import timedelta

from authgate.application.mfa.second_factor import RECOVERY_CODE, TOTP
from authgate.application.opaque_tokens import new_token, token_hash
from authgate.domain.mfa import MfaChallenge
from authgate.domain.models import User
from authgate.domain.ports import Clock, UnitOfWork

MFA_TOKEN_TTL = timedelta(minutes=5)


class MfaChallenges:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def methods_for(self, uow: UnitOfWork, user: User) -> tuple[str, ...]:
        """The second factors that a sign-in of `user` must pass; empty when none is on."""
        credential = await uow.totp.get(user.id)
        return (TOTP, RECOVERY_CODE) if credential and credential.enabled else ()

    def issue(self, uow: UnitOfWork, user: User) -> str:
        """A single-purpose opaque token; only its hash is stored."""
        token = new_token()
        now = self._clock.now()
        uow.mfa_challenges.add(
            MfaChallenge(
                id=uuid.uuid4(),
                user_id=user.id,
                token_hash=token_hash(token),
                created_at=now,
                expires_at=now + MFA_TOKEN_TTL,
            )
        )
        return token
