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
        logger.info("mail to %s, subject %r:\n%s", message.to, message.subject, message.text)
