"""Domain events: what other processes must learn about at once.

Entities record them as they change; the unit of work stores them with the change
and, after the commit, hands them to the revocation view of every process.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class UserProfile:
    """What an access token says about its person, and current-user answers."""

    id: uuid.UUID
    name: str
    email: str
    avatar_url: str | None
    email_verified: bool
    role: str
    created_at: datetime


@dataclass(frozen=True)
class SessionEnded:
    """Access tokens of the session stop working."""

    session_id: uuid.UUID
    user_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class UserChanged:
    """Access tokens issued before `at` carry stale information about the person."""

    profile: UserProfile
    at: datetime


DomainEvent = SessionEnded | UserChanged


class RecordsEvents:
    """A mixin for entities. Events live outside the mapped fields: entities loaded from
    the database are built without __init__, so the list is made on first use."""

    def record(self, event: DomainEvent) -> None:
        vars(self).setdefault("_events", []).append(event)

    def pop_events(self) -> list[DomainEvent]:
        events: list[DomainEvent] = vars(self).pop("_events", [])
        return events
