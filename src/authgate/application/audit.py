"""Security events: one row in the store and one structured log line each."""

from __future__ import annotations

import uuid
from datetime import datetime

from authgate.domain.event_names import SecurityEventName
from authgate.domain.models import ClientInfo, SecurityEvent
from authgate.domain.ports import SecurityLog, UnitOfWork


class Audit:
    def __init__(self, log: SecurityLog) -> None:
        self._log = log

    def record(
        self,
        uow: UnitOfWork,
        event: SecurityEventName,
        now: datetime,
        user_id: uuid.UUID | None = None,
        client: ClientInfo | None = None,
        actor_id: uuid.UUID | None = None,
    ) -> None:
        """`actor_id` is who acted when it is not the person concerned (an admin)."""
        client = client or ClientInfo()
        entry = SecurityEvent(
            id=uuid.uuid4(),
            event=event,
            created_at=now,
            user_id=user_id,
            ip=client.ip,
            user_agent=client.user_agent,
            actor_id=actor_id,
        )
        if user_id is not None:
            uow.security_events.add(entry)
        self._log.emit(entry)
