"""Revocations from other processes, read from the database a few times a second."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from authgate.infrastructure.db import tables as t
from authgate.infrastructure.db.engine import READ_ONLY_OPTION
from authgate.infrastructure.revocation.records import from_record
from authgate.infrastructure.revocation.view import RevocationView

logger = logging.getLogger("authgate.revocation")

POLL_SECONDS = 0.25
# Rows are stamped just before their commit; reading a few seconds back again catches
# one whose commit took that long, and rows seen already are skipped by id.
OVERLAP = timedelta(seconds=5)


def wall_clock() -> datetime:
    return datetime.now(UTC)


class DatabaseFeed:
    def __init__(
        self,
        engine: AsyncEngine,
        view: RevocationView,
        horizon: timedelta,
        now: Callable[[], datetime] = wall_clock,
    ) -> None:
        self._engine = engine.execution_options(**{READ_ONLY_OPTION: True})
        self._view, self._now = view, now
        self._since = now() - horizon  # the first read loads all a living token may need
        self._seen: dict[int, datetime] = {}
        self._failing = False

    async def run(self) -> None:
        """Polls until cancelled; an outage is logged once, and the next good poll
        reads everything since the last good one."""
        while True:
            await self.poll_safely()
            await asyncio.sleep(POLL_SECONDS)

    async def close(self) -> None:
        return None  # its connections belong to the engine, which the container closes

    async def poll_safely(self) -> None:
        try:
            await self.poll()
        except Exception as exc:  # any failure: the view just goes stale
            if not self._failing:
                logger.warning("revocations: database unreachable (%s)", type(exc).__name__)
            self._failing = True
            return
        if self._failing:
            logger.warning("revocations: database reachable again")
        self._failing = False

    async def poll(self) -> None:
        started = self._now()
        since = self._since - OVERLAP
        query = (
            select(t.revocations)
            .where(t.revocations.c.recorded_at >= since)
            .order_by(t.revocations.c.id)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        events = []
        for row in rows:
            if row.id not in self._seen:
                self._seen[row.id] = row.recorded_at
                events.append(from_record(row.kind, row.subject_id, row.payload))
        self._view.apply(e for e in events if e is not None)
        self._seen = {i: at for i, at in self._seen.items() if at >= since}
        self._since = started
        self._view.prune(started)
        self._view.mark_fresh()
