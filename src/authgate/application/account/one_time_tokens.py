"""Single-use tokens sent by email: random, stored only as hashes, short-lived."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from authgate.application.opaque_tokens import new_token, token_hash
from authgate.domain.models import OneTimeToken, TokenPurpose, User, password_fingerprint
from authgate.domain.ports import UnitOfWork

LIFETIMES = {
    TokenPurpose.PASSWORD_RESET: timedelta(hours=1),
    TokenPurpose.EMAIL_VERIFICATION: timedelta(hours=24),
}
# A new reset link makes the older ones useless; older verification links may still
# be clicked (they prove the same thing, and mails can arrive out of order).
SUPERSEDED_ON_ISSUE = frozenset({TokenPurpose.PASSWORD_RESET})


async def issue_token(uow: UnitOfWork, user: User, purpose: TokenPurpose, now: datetime) -> str:
    """Store a new token for the user and return its value (which is never stored)."""
    if purpose in SUPERSEDED_ON_ISSUE:
        for older in await uow.one_time_tokens.list_unused(user.id, purpose):
            older.use(now)
    value = new_token()
    uow.one_time_tokens.add(
        OneTimeToken(
            id=uuid.uuid4(),
            user_id=user.id,
            purpose=purpose,
            token_hash=token_hash(value),
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
            password_fingerprint=(
                password_fingerprint(user) if purpose is TokenPurpose.PASSWORD_RESET else None
            ),
        )
    )
    return value


async def find_usable(
    uow: UnitOfWork, value: str, purpose: TokenPurpose, now: datetime
) -> tuple[OneTimeToken, User] | None:
    """The usable token of this purpose and its user, locked for this transaction so
    two requests cannot both use it."""
    token = await uow.one_time_tokens.get_by_hash_for_update(token_hash(value))
    if token is None or token.purpose != purpose:
        return None
    user = await uow.users.get(token.user_id)
    return (token, user) if user is not None and token.is_usable(now, user) else None
