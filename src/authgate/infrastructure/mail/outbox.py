"""Sending mail in the background, so no request waits on an SMTP server."""

from __future__ import annotations

import logging

from authgate.domain.models import MailMessage
from authgate.domain.ports import Mailer
from authgate.infrastructure.background import BackgroundTasks

logger = logging.getLogger("authgate.mail")


class Outbox:
    """A Mailer that hands each message to a background task and returns at once.

    A failed send is logged (never with the message, which may hold a link) and
    dropped: the action that sent it has been committed, and the person can ask
    for another mail. `drain` waits for what is pending (tests, shutdown).
    """

    def __init__(self, transport: Mailer, tasks: BackgroundTasks | None = None) -> None:
        self._transport = transport
        self._tasks = tasks or BackgroundTasks()

    async def send(self, message: MailMessage) -> None:
        self._tasks.spawn(self._deliver(message), "sending a mail")

    async def drain(self, limit_seconds: float | None = None) -> None:
        """Wait until every pending mail (and other background work) is done or has
        failed; after `limit_seconds`, give up on the rest."""
        await self._tasks.drain(limit_seconds)

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
