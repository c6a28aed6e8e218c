"""WebAuthn challenges: issued with the options, redeemed once with the answer."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from authgate.application.opaque_tokens import new_token, token_hash
from authgate.domain.errors import InvalidPasskey
from authgate.domain.passkeys import WebAuthnChallenge
from authgate.domain.ports import Clock, UnitOfWork

CHALLENGE_TTL = timedelta(minutes=5)


class Ceremonies:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def begin(
        self,
        uow: UnitOfWork,
        purpose: str,
        challenge: str,
        user_id: uuid.UUID | None = None,
        payload: dict[str, Any] | None = None,
    ) -> str:
        """Stores the challenge; returns the opaque token that finds it again (a
        registration by a signed-in person is found by the person instead)."""
        token = new_token()
        now = self._clock.now()
        uow.webauthn_challenges.add(
            WebAuthnChallenge(
                id=uuid.uuid4(),
                purpose=purpose,
                challenge=challenge,
                created_at=now,
                expires_at=now + CHALLENGE_TTL,
                user_id=user_id,
                token_hash=token_hash(token),
                payload=payload,
            )
        )
        return token

    async def by_token(self, uow: UnitOfWork, token: str, purpose: str) -> WebAuthnChallenge:
        """The challenge, used up; InvalidPasskey unless it was good until now. The
        caller commits even when the answer then fails, so it is never good twice."""
        found = await uow.webauthn_challenges.get_by_hash_for_update(token_hash(token))
        return self._redeemed(found, purpose)

    async def newest_of(
        self, uow: UnitOfWork, user_id: uuid.UUID, purpose: str
    ) -> WebAuthnChallenge:
        found = await uow.webauthn_challenges.newest_for_update(user_id, purpose)
        return self._redeemed(found, purpose)

    def _redeemed(self, found: WebAuthnChallenge | None, purpose: str) -> WebAuthnChallenge:
        if found is None or not found.redeem(purpose, self._clock.now()):
            raise InvalidPasskey()
        return found
