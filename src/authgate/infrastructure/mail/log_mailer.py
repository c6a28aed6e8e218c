"""The default mailer when no SMTP server is configured: the server log is the mailbox."""

from __future__ import annotations

import logging

from authgate.domain.models import MailMessage

logger = logging.getLogger("authgate.mail")


class LogMailer:
    async def send(self, message: MailMessage) -> None:
        # The one place where a one-time link reaches a log, by the contract's design:
        # without AUTHGATE_SMTP_URL, someone running the service locally verifies and
        # resets from the log. Configure SMTP wherever the log is read by others.
        # Each line of the body is indented, so no text in a mail can pass for a log line.
        body = "\n".join(f"    | {line}" for line in message.text.splitlines())
        logger.info("mail to %r, subject %r:\n%s", message.to, message.subject, body)
