"""Password hashing off the event loop, in a pool sized to the cores, with a bound.

A sign-in flood must not stall anything else: bcrypt runs in one thread per core
(it releases the GIL), those threads run at a lower CPU priority than the event loop,
and the queue in front of them is bounded. Past the bound a sign-in is refused at once
with 503 and Retry-After, instead of waiting behind everyone else's.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from authgate.domain.errors import ServiceUnavailable

T = TypeVar("T")
# Waiting hashes beyond the running ones: at about 10 bcrypt-12 checks a second on
# two cores, the last in line waits some six seconds.
QUEUE_PER_CORE = 32
LOWER_PRIORITY = 10  # nice value of the hashing threads: the event loop answers first
RETRY_AFTER_SECONDS = 1


def _lower_priority() -> None:
    """Linux gives each thread its own nice value; elsewhere this is a no-op."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWER_PRIORITY)


class HashingPool:
    def __init__(self, workers: int | None = None, queue_per_worker: int = QUEUE_PER_CORE):
        self._workers = workers or os.cpu_count() or 1
        self._limit = self._workers * (1 + queue_per_worker)
        self._pending = 0
        self._executor: ThreadPoolExecutor | None = None

    async def run(self, work: Callable[..., T], *args: object) -> T:
        if self._pending >= self._limit:
            raise ServiceUnavailable(retry_after=RETRY_AFTER_SECONDS)
        self._pending += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._threads(), work, *args)
        finally:
            self._pending -= 1

    def _threads(self) -> ThreadPoolExecutor:
        if self._executor is None:  # made on first use, and again after close()
            self._executor = ThreadPoolExecutor(
                self._workers, thread_name_prefix="hashing", initializer=_lower_priority
            )
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
