"""Mail over SMTP (aiosmtplib). AUTHGATE_SMTP_URL is one of:

- `smtp://[user:password@]host[:port]`: STARTTLS is required, and a server that does not
  offer it is refused before anything is sent, unless the host is a loopback address
  (127.0.0.0/8, ::1, localhost); there STARTTLS is used when the server offers it.
- `smtps://[user:password@]host[:port]`: TLS from the first byte.
- `smtp://...?starttls=off`: no STARTTLS, an explicit opt-out (`starttls=on` requires it,
  also on loopback).

Credentials therefore only ever travel without TLS to a loopback host, or when
`starttls=off` says so; aiosmtplib logs in after the STARTTLS upgrade. Any other query
parameter or value is refused at start-up."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
STARTTLS_VALUES = {"on": True, "off": False}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    use_tls: bool
    start_tls: bool | None  # None: when the server offers it (loopback only)
    username: str | None = None
    password: str | None = field(default=None, repr=False)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_smtp_url(url: str) -> SmtpSettings:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"AUTHGATE_SMTP_URL has a bad port: {exc}") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError("AUTHGATE_SMTP_URL must look like smtp://host:port")
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = set(query) - {"starttls"}
    if unknown:
        raise ValueError(f"AUTHGATE_SMTP_URL: unknown parameter {', '.join(sorted(unknown))}")
    start_tls: bool | None = None if is_loopback(parts.hostname) else True
    if "starttls" in query:
        values = query["starttls"]
        if len(values) != 1 or values[0] not in STARTTLS_VALUES:
            raise ValueError("AUTHGATE_SMTP_URL: starttls must be on or off")
        if parts.scheme == "smtps":
            raise ValueError("AUTHGATE_SMTP_URL: starttls applies to smtp:// only")
        start_tls = STARTTLS_VALUES[values[0]]
    use_tls = parts.scheme == "smtps"
    return SmtpSettings(
        host=parts.hostname,
        port=port or DEFAULT_PORTS[parts.scheme],
        use_tls=use_tls,
        start_tls=False if use_tls else start_tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )
