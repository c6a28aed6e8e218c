"""Mail over SMTP (aiosmtplib): AUTHGATE_SMTP_URL is smtp://[user:password@]host[:port],
or smtps:// for TLS from the first byte. Plain smtp:// upgrades with STARTTLS when the
server offers it."""

from __future__ import annotations

from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import aiosmtplib

from authgate.domain.models import MailMessage

TIMEOUT_SECONDS = 15
DEFAULT_PORTS = {"smtp": 25, "smtps": 465}


class SmtpMailer:
    def __init__(self, url: str, sender: str, timeout: float = TIMEOUT_SECONDS) -> None:
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError("AUTHGATE_SMTP_URL must look like smtp://host:port")
        self._host, self._port = parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]
        self._tls = parts.scheme == "smtps"
        self._username = unquote(parts.username) if parts.username else None
        self._password = unquote(parts.password) if parts.password else None
        self._sender, self._timeout = sender, timeout

    async def send(self, message: MailMessage) -> None:
        await aiosmtplib.send(
            self._compose(message),
            hostname=self._host,
            port=self._port,
            username=self._username,
            password=self._password,
            use_tls=self._tls,
            start_tls=False if self._tls else None,
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
