"""A person's own recent security events (sign-ins, throttling, sessions ended, ...)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from authgate.domain.models import SecurityEvent
from authgate.domain.ports import UnitOfWorkFactory

RECENT_EVENTS = 50


class ListSecurityEventsHandler:
    def __init__(self, uow: UnitOfWorkFactory, limit: int = RECENT_EVENTS) -> None:
        self._uow, self._limit = uow, limit

    async def __call__(self, user_id: uuid.UUID) -> Sequence[SecurityEvent]:
        """Newest first."""
        async with self._uow(read_only=True) as uow:
            return await uow.security_events.list_recent(user_id, self._limit)
