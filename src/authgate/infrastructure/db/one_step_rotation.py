"""A refresh rotation as one statement, on PostgreSQL.

The general path (RefreshHandler) takes five round trips: BEGIN, the token row
locked, its UPDATE, the successor's INSERT, COMMIT. Nearly every rotation is the
plain case, an unused and unexpired token of an active session, and PostgreSQL can
do that case in one statement (data-modifying CTEs), atomic on its own, in one round
trip. A token that is anything else matches no row here and takes the general path,
which tells what it is (rotated within the grace window, reused, expired, unknown).

Two rotations of the same token: the second waits on the row lock of the first,
then finds it rotated and matches nothing, as in the general path.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from authgate.domain.models import Session, User
from authgate.infrastructure.db import tables as t

_tokens, _sessions, _users = t.refresh_tokens, t.sessions, t.users
_now = bindparam("now", type_=t.UTCDateTime())
_successor_expires = bindparam("successor_expires", type_=t.UTCDateTime())

# Not named "token_hash": an UPDATE takes a parameter named after a column as its new value.
_rotated = (
    update(_tokens)
    .where(
        _tokens.c.token_hash == bindparam("presented_hash"),
        _tokens.c.rotated_at.is_(None),
        _tokens.c.expires_at > _now,
        _sessions.c.id == _tokens.c.session_id,
        _sessions.c.ended_at.is_(None),
        _sessions.c.expires_at > _now,
    )
    .values(rotated_at=_now)
    .returning(_tokens.c.session_id, _sessions.c.expires_at.label("session_expires_at"))
    .cte("rotated")
)

# The successor never outlives its session (TokenIssuer._refresh_expiry).
_stored = insert(_tokens).from_select(
    ["id", "session_id", "token_hash", "created_at", "expires_at"],
    select(
        bindparam("successor_id", type_=_tokens.c.id.type),
        _rotated.c.session_id,
        bindparam("successor_hash", type_=_tokens.c.token_hash.type),
        _now,
        func.least(_successor_expires, _rotated.c.session_expires_at),
    ),
)

# Kept to the minute, as Session.touch does.
_touched = (
    update(_sessions)
    .where(
        _sessions.c.id == _rotated.c.session_id,
        _sessions.c.last_used_at <= bindparam("touch_before", type_=t.UTCDateTime()),
    )
    .values(last_used_at=_now)
)

_ROTATE = (
    select(_sessions, _users)
    .select_from(_rotated)
    .join(_sessions, _sessions.c.id == _rotated.c.session_id)
    .join(_users, _users.c.id == _sessions.c.user_id)
    .add_cte(_stored.cte("stored"), _touched.cte("touched"))
)


class PostgresOneStepRotation:
    def __init__(self, engine: AsyncEngine) -> None:
        # Autocommit: the statement is its own transaction, with no BEGIN or COMMIT trips.
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def __call__(
        self,
        token_hash: str,
        successor_hash: str,
        now: datetime,
        successor_ttl: timedelta,
        touch_every: timedelta,
    ) -> tuple[Session, User] | None:
        params = {
            "presented_hash": token_hash,
            "now": now,
            "successor_id": uuid.uuid4(),
            "successor_hash": successor_hash,
            "successor_expires": now + successor_ttl,
            "touch_before": now - touch_every,
        }
        async with self._engine.connect() as conn:
            row = (await conn.execute(_ROTATE, params)).first()
        if row is None:
            return None
        session = Session(**{c.key: row[i] for i, c in enumerate(_sessions.c)})
        offset = len(_sessions.c)
        user = User(**{c.key: row[offset + i] for i, c in enumerate(_users.c)})
        return session, user
