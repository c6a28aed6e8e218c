"""Mail over SMTP (aiosmtplib), as AUTHGATE_SMTP_URL says (see smtp_settings.py)."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from authgate.domain.models import MailMessage
from authgate.infrastructure.mail.smtp_settings import parse_smtp_url

TIMEOUT_SECONDS = 15


class SmtpMailer:
    def __init__(self, url: str, sender: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.settings = parse_smtp_url(url)
        self._sender, self._timeout = sender, timeout

    async def send(self, message: MailMessage) -> None:
        s = self.settings
        await aiosmtplib.send(
            self._compose(message),
            hostname=s.host,
            port=s.port,
            username=s.username,
            password=s.password,
            use_tls=s.use_tls,
            start_tls=s.start_tls,
            timeout=self._timeout,
        )

    def _compose(self, message: MailMessage) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self._sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email.set_content(message.text)
        email.add_alternative(message.html, subtype="html")
        return email
