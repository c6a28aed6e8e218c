"""Sending mail in the background, so no request waits on an SMTP server."""

from __future__ import annotations

import asyncio
import logging

from authgate.domain.models import MailMessage
from authgate.domain.ports import Mailer

logger = logging.getLogger("authgate.mail")


class Outbox:
    """A Mailer that hands each message to a background task and returns at once.

    A failed send is logged (never with the message, which may hold a link) and
    dropped: the action that sent it has been committed, and the person can ask
    for another mail. `drain` waits for what is pending (tests, shutdown).
    """

    def __init__(self, transport: Mailer) -> None:
        self._transport = transport
        self._pending: set[asyncio.Task[None]] = set()  # strong references: see create_task

    async def send(self, message: MailMessage) -> None:
        task = asyncio.create_task(self._deliver(message))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self, limit_seconds: float | None = None) -> None:
        """Wait until every pending mail is sent or has failed; after `limit_seconds`,
        give up on the rest (shutdown must not hang on a stuck SMTP server)."""
        while self._pending:
            _, unsent = await asyncio.wait(set(self._pending), timeout=limit_seconds)
            if unsent:
                logger.error("gave up on %d unsent mails after %ss", len(unsent), limit_seconds)
                for task in unsent:
                    task.cancel()
                return

    async def _deliver(self, message: MailMessage) -> None:
        try:
            await self._transport.send(message)
        except Exception as exc:  # any failure: the mail is lost, the action is not
            logger.error(
                "could not send the mail %r to %s: %s: %s",
                message.subject,
                message.to,
                type(exc).__name__,
                exc,
            )
