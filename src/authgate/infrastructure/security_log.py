"""Security events as structured (JSON) log lines: never a password or a token."""

from __future__ import annotations

import json
import logging

from authgate.domain.models import SecurityEvent

logger = logging.getLogger("authgate.security")


class LoggingSecurityLog:
    def emit(self, event: SecurityEvent) -> None:
        line = {
            "time": event.created_at.isoformat(),
            "event": event.event,
            "user_id": str(event.user_id) if event.user_id else None,
            "ip": event.ip,
            "user_agent": event.user_agent,
        }
        logger.info(json.dumps(line, ensure_ascii=True))
