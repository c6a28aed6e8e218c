"""Work that runs after the answer has gone: mails, and the forgot-password lookup."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

logger = logging.getLogger("authgate.background")


class BackgroundTasks:
    """Runs coroutines beside the request that started them. A failure is logged (by
    type only: the work may hold a link or an address) and never reaches the caller.
    `drain` waits for what is pending, including work started while draining."""

    def __init__(self) -> None:
        self._pending: set[asyncio.Task[None]] = set()  # strong references: see create_task

    def spawn(self, work: Coroutine[Any, Any, None], what: str) -> None:
        task = asyncio.create_task(self._run(work, what))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self, limit_seconds: float | None = None) -> None:
        """After `limit_seconds`, give up on the rest (shutdown must not hang)."""
        while self._pending:
            _, unfinished = await asyncio.wait(set(self._pending), timeout=limit_seconds)
            if unfinished:
                logger.error(
                    "gave up on %d background tasks after %ss", len(unfinished), limit_seconds
                )
                for task in unfinished:
                    task.cancel()
                return

    @staticmethod
    async def _run(work: Coroutine[Any, Any, None], what: str) -> None:
        try:
            await work
        except Exception as exc:  # the action that started it has answered already
            logger.error("%s failed: %s", what, type(exc).__name__)
