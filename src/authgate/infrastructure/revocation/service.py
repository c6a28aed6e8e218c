"""Revocations: the request path's one source of truth, kept current by feeds."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from authgate.domain.errors import ServiceUnavailable
from authgate.domain.events import DomainEvent, UserProfile
from authgate.infrastructure.revocation.view import RevocationView

# Longer than this without word from any feed, and the view may be missing a
# revocation made elsewhere: authenticated requests are refused rather than trusted.
MAX_STALENESS_SECONDS = 1.0


class Feed(Protocol):
    async def run(self) -> None: ...

    async def close(self) -> None:
        """Release connections once `run` is cancelled."""
        ...


class Publisher(Protocol):
    def publish(self, events: Sequence[DomainEvent]) -> None: ...


class RevocationService:
    """Applies this process's own commits at once and hands them to `publishers`;
    `feeds` bring in everyone else's. With no feed at all (a single process on
    in-memory fakes) the view is complete by construction."""

    def __init__(
        self,
        view: RevocationView,
        feeds: Sequence[Feed] = (),
        publishers: Sequence[Publisher] = (),
    ) -> None:
        self._view, self._feeds, self._publishers = view, feeds, publishers
        self._tasks: list[asyncio.Task[None]] = []
        self._first_word: asyncio.Task[None] | None = None

    def publish(self, events: Sequence[DomainEvent]) -> None:
        self._view.apply(events)
        for publisher in self._publishers:
            publisher.publish(events)

    async def ensure_fresh(self) -> None:
        if not self._feeds or self._view.fresh_within(MAX_STALENESS_SECONDS):
            return
        await self.start()
        if not self._view.fresh_within(MAX_STALENESS_SECONDS):
            raise ServiceUnavailable()

    async def start(self) -> None:
        """Starts the feeds (once) and waits for their first word, so a process that
        starts knows what it missed before it trusts its view."""
        if self._first_word is None:
            self._tasks = [asyncio.create_task(feed.run()) for feed in self._feeds]
            self._first_word = asyncio.create_task(self._wait_for_first_word())
        await asyncio.shield(self._first_word)

    async def _wait_for_first_word(self) -> None:
        for _ in range(400):  # up to two seconds
            if self._view.fresh_within(MAX_STALENESS_SECONDS):
                return
            await asyncio.sleep(0.005)

    async def close(self) -> None:
        tasks = [*self._tasks, *([self._first_word] if self._first_word else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks, self._first_word = [], None
        for feed in self._feeds:
            await feed.close()

    def session_ended(self, session_id: uuid.UUID) -> bool:
        return self._view.session_ended(session_id)

    def current_profile(self, user_id: uuid.UUID, issued_at: datetime) -> UserProfile | None:
        return self._view.current_profile(user_id, issued_at)
