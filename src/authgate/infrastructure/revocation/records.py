"""Domain events as rows of the revocations table and as pub/sub messages."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from authgate.domain.events import DomainEvent, SessionEnded, UserChanged, UserProfile

SESSION_ENDED = "session_ended"
USER_CHANGED = "user_changed"


def to_record(event: DomainEvent) -> dict[str, Any]:
    """kind, subject_id and a JSON payload (the columns of the revocations table)."""
    if isinstance(event, SessionEnded):
        payload: dict[str, object] = {"user_id": str(event.user_id), "at": event.at.isoformat()}
        return {"kind": SESSION_ENDED, "subject_id": event.session_id, "payload": _dump(payload)}
    profile = event.profile
    payload = {
        "name": profile.name,
        "email": profile.email,
        "avatar_url": profile.avatar_url,
        "email_verified": profile.email_verified,
        "role": profile.role,
        "created_at": profile.created_at.isoformat(),
        "at": event.at.isoformat(),
    }
    return {"kind": USER_CHANGED, "subject_id": profile.id, "payload": _dump(payload)}


def from_record(kind: str, subject_id: uuid.UUID, payload: str) -> DomainEvent | None:
    """None for a kind this version does not know (a newer process wrote it)."""
    data = json.loads(payload)
    at = datetime.fromisoformat(data["at"])
    if kind == SESSION_ENDED:
        return SessionEnded(subject_id, uuid.UUID(data["user_id"]), at)
    if kind == USER_CHANGED:
        profile = UserProfile(
            id=subject_id,
            name=data["name"],
            email=data["email"],
            avatar_url=data["avatar_url"],
            email_verified=data["email_verified"],
            role=data["role"],
            created_at=datetime.fromisoformat(data["created_at"]),
        )
        return UserChanged(profile, at)
    return None


def to_message(event: DomainEvent) -> str:
    record = to_record(event)
    return _dump({**record, "subject_id": str(record["subject_id"])})


def from_message(message: str | bytes) -> DomainEvent | None:
    data = json.loads(message)
    return from_record(data["kind"], uuid.UUID(data["subject_id"]), data["payload"])


def _dump(value: dict[str, Any]) -> str:
    return json.dumps(value, separators=(",", ":"))
