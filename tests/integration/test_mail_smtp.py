"""The mail adapters against a real SMTP server on loopback, and the outbox at shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import aiosmtplib
import pytest

from authgate.bootstrap import build_container
from authgate.domain.models import MailMessage
from authgate.infrastructure.mail.log_mailer import LogMailer
from authgate.infrastructure.mail.smtp import SmtpMailer
from authgate.presentation.app import create_app
from tests.conftest import make_settings
from tests.smtp import SmtpSink, dead_smtp_url, smtp_sink

LINK = "https://accounts.example.test/reset-password?token=abc_DEF-123"
MESSAGE = MailMessage(
    to="ada@example.com",
    subject="Reset your password",
    text=f"Choose a new password: {LINK}\n",
    html=f'<p><a href="{LINK}">Choose a new password</a> &amp; more</p>',
)


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    with smtp_sink() as sink:
        yield sink


async def test_smtp_mailer_sends_plain_text_and_html_from_the_configured_sender(
    smtp: SmtpSink,
) -> None:
    await SmtpMailer(smtp.url, "accounts@example.test").send(MESSAGE)
    [mail] = smtp.received
    assert mail.mail_from == "accounts@example.test" and mail.rcpt_tos == ["ada@example.com"]
    assert mail.subject == "Reset your password"
    assert mail.content_types() == ["multipart/alternative", "text/plain", "text/html"]
    assert mail.text.count(LINK) == 2 and "& more" in mail.text


async def test_smtp_mailer_raises_when_the_server_is_down() -> None:
    with pytest.raises(aiosmtplib.SMTPConnectError):
        await SmtpMailer(dead_smtp_url(), "accounts@example.test").send(MESSAGE)


@pytest.mark.parametrize("url", ["http://127.0.0.1:25", "smtp://", "mail.example.com:25"])
def test_smtp_url_must_name_an_smtp_host(url: str) -> None:
    with pytest.raises(ValueError, match="AUTHGATE_SMTP_URL"):
        SmtpMailer(url, "accounts@example.test")


async def test_log_mailer_writes_the_mail_with_its_link_to_the_mail_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="authgate.mail"):
        await LogMailer().send(MESSAGE)
    [record] = caplog.records
    assert record.name == "authgate.mail" and LINK in record.getMessage()


async def test_app_shutdown_waits_for_pending_mail(
    smtp: SmtpSink, tmp_path: Path, sqlite_database_url: str
) -> None:
    settings = make_settings(tmp_path, sqlite_database_url, smtp_url=smtp.url)
    container = build_container(settings)
    app = create_app(container=container)
    smtp.gate.clear()
    lifespan = app.router.lifespan_context(app)
    await lifespan.__aenter__()
    await container.outbox.send(MESSAGE)
    shutdown = asyncio.create_task(lifespan.__aexit__(None, None, None))
    await asyncio.sleep(0.2)
    assert not shutdown.done() and smtp.received == []
    smtp.gate.set()
    await asyncio.wait_for(shutdown, timeout=10)
    assert [m.subject for m in smtp.received] == ["Reset your password"]
