"""This process's view of ended sessions and changed people."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from authgate.domain.events import DomainEvent, SessionEnded, UserChanged, UserProfile


class RevocationView:
    """Ended sessions and the latest info of changed people, each kept for `horizon`
    (as long as an access token can live), so a request needs no database."""

    def __init__(self, horizon: timedelta, monotonic: Callable[[], float] = time.monotonic):
        self._horizon, self._monotonic = horizon, monotonic
        self._ended: dict[uuid.UUID, datetime] = {}
        self._changed: dict[uuid.UUID, UserChanged] = {}
        self._fresh_at: float | None = None

    def apply(self, events: Iterable[DomainEvent]) -> None:
        for event in events:
            if isinstance(event, SessionEnded):
                self._ended.setdefault(event.session_id, event.at)
            else:  # UserChanged: the newest wins, whatever order feeds deliver them in
                known = self._changed.get(event.profile.id)
                if known is None or known.at <= event.at:
                    self._changed[event.profile.id] = event

    def session_ended(self, session_id: uuid.UUID) -> bool:
        return session_id in self._ended

    def current_profile(self, user_id: uuid.UUID, issued_at: datetime) -> UserProfile | None:
        """`iat` has whole seconds: a change in the second a token was issued counts."""
        changed = self._changed.get(user_id)
        if changed is None or changed.at < issued_at:
            return None
        return changed.profile

    def mark_fresh(self) -> None:
        """A feed has just confirmed that nothing made elsewhere is missing."""
        self._fresh_at = self._monotonic()

    def fresh_within(self, seconds: float) -> bool:
        return self._fresh_at is not None and self._monotonic() - self._fresh_at <= seconds

    def prune(self, now: datetime) -> None:
        """Forget what no living access token can be affected by."""
        cutoff = now - self._horizon
        self._ended = {k: at for k, at in self._ended.items() if at >= cutoff}
        self._changed = {k: e for k, e in self._changed.items() if e.at >= cutoff}
