"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for tests."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from html import unescape
from typing import Any

import httpx
from aiosmtpd.controller import Controller

from authgate.bootstrap import Container

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        """The decoded text of every text/* part, HTML entities unescaped."""
        parts = [p for p in self.message.walk() if p.get_content_maintype() == "text"]
        return "\n".join(unescape(p.get_content()) for p in parts)

    def content_types(self) -> list[str]:
        return [p.get_content_type() for p in self.message.walk()]


class SmtpSink:
    """The aiosmtpd handler: accepts every mail, unless `gate` is closed (then it waits)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.gate = threading.Event()
        self.gate.set()
        self.url = ""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.get_running_loop().run_in_executor(None, self.gate.wait, 10)
        raw: bytes = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    for _ in range(5):  # another process may take the free port before we bind it
        port = free_port()
        controller = Controller(sink, hostname=HOST, port=port)
        try:
            controller.start()
        except OSError:  # address in use
            continue
        break
    else:
        raise RuntimeError("could not start the SMTP server")
    sink.url = f"smtp://{HOST}:{port}"
    try:
        yield sink
    finally:
        sink.gate.set()
        controller.stop()


def dead_smtp_url() -> str:
    """An SMTP URL where nothing listens: connections are refused."""
    return f"smtp://{HOST}:{free_port()}"


def container_of(client: httpx.AsyncClient) -> Container:
    """The app's container behind an ASGI test client."""
    transport = client._transport
    assert isinstance(transport, httpx.ASGITransport)
    container: Container = transport.app.state.container  # type: ignore[attr-defined]
    return container


async def drain_mail(client: httpx.AsyncClient) -> None:
    """Wait until the app has handed every pending mail to the SMTP server."""
    await container_of(client).outbox.drain()
