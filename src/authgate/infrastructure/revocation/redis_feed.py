"""Revocations pushed between processes through Redis pub/sub, in milliseconds."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence

import redis.asyncio as redis
from redis.exceptions import RedisError

from authgate.domain.events import DomainEvent
from authgate.infrastructure.background import BackgroundTasks
from authgate.infrastructure.revocation.records import from_message, to_message
from authgate.infrastructure.revocation.view import RevocationView

logger = logging.getLogger("authgate.revocation")

PING_SECONDS = 0.25  # a pong this often tells the view that the channel still works
RETRY_SECONDS = 1.0
TIMEOUT_SECONDS = 2.0


class RedisFeed:
    def __init__(self, url: str, view: RevocationView, channel: str = "authgate:revocations"):
        self._client = redis.Redis.from_url(
            url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
        self._view, self._channel = view, channel
        self._tasks = BackgroundTasks()
        self._failing = False

    def publish(self, events: Sequence[DomainEvent]) -> None:
        """After a commit; a lost message is still read from the database."""
        if events:
            self._tasks.spawn(self._send(events), "publishing revocations")

    async def _send(self, events: Sequence[DomainEvent]) -> None:
        try:
            for event in events:
                await self._client.publish(self._channel, to_message(event))
        except (RedisError, OSError) as exc:
            logger.warning("revocations: could not publish to Redis (%s)", type(exc).__name__)

    async def run(self) -> None:
        """Listens until cancelled, reconnecting after an outage."""
        while True:
            try:
                await self._listen()
            except (RedisError, OSError) as exc:
                if not self._failing:
                    logger.warning("revocations: Redis unreachable (%s)", type(exc).__name__)
                self._failing = True
            await asyncio.sleep(RETRY_SECONDS)

    async def _listen(self) -> None:
        async with self._client.pubsub() as pubsub:
            await pubsub.subscribe(self._channel)
            if self._failing:
                logger.warning("revocations: Redis reachable again")
            self._failing = False
            pinged = 0.0
            while True:
                if time.monotonic() - pinged >= PING_SECONDS:
                    await pubsub.ping()
                    pinged = time.monotonic()
                message = await pubsub.get_message(timeout=PING_SECONDS)
                if message is None:
                    continue
                if message["type"] == "message":
                    event = from_message(message["data"])
                    self._view.apply([event] if event else [])
                self._view.mark_fresh()  # a message or a pong: the channel works

    async def close(self) -> None:
        await self._tasks.drain(TIMEOUT_SECONDS)
        await self._client.aclose()
