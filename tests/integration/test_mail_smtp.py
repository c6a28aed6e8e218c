"""The mail adapters against a real SMTP server on loopback, and the outbox at shutdown."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Iterator
from pathlib import Path

import aiosmtplib
import pytest

from authgate.bootstrap import build_container
from authgate.domain.models import MailMessage
from authgate.infrastructure.mail.log_mailer import LogMailer
from authgate.infrastructure.mail.smtp import SmtpMailer, parse_smtp_url
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


@pytest.mark.parametrize(
    "url",
    [
        "smtp://mail.example.com:587",
        "smtp://user:pw@10.0.0.5",
        "smtp://mail.example.com?starttls=on",
        "smtp://127.0.0.1:25?starttls=on",
    ],
)
def test_smtp_requires_starttls_on_a_network_host_or_when_asked(url: str) -> None:
    settings = parse_smtp_url(url)
    assert settings.start_tls is True and settings.use_tls is False


@pytest.mark.parametrize(
    "url", ["smtp://127.0.0.1:25", "smtp://127.8.9.10", "smtp://[::1]:25", "smtp://LocalHost"]
)
def test_smtp_on_loopback_uses_starttls_only_when_offered(url: str) -> None:
    assert parse_smtp_url(url).start_tls is None


@pytest.mark.parametrize(
    "url", ["smtp://mail.example.com?starttls=off", "smtp://[::1]?starttls=off"]
)
def test_starttls_off_opts_out_explicitly(url: str) -> None:
    assert parse_smtp_url(url).start_tls is False


def test_smtps_is_tls_from_the_first_byte() -> None:
    settings = parse_smtp_url("smtps://u%40x:p%2Fw@mail.example.com")
    assert (settings.use_tls, settings.start_tls, settings.port) == (True, False, 465)
    assert (settings.username, settings.password) == ("u@x", "p/w")
    assert "p/w" not in repr(settings)


@pytest.mark.parametrize(
    "url",
    [
        "smtp://mail.example.com?tls=off",
        "smtp://mail.example.com?starttls=no",
        "smtp://mail.example.com?starttls=",
        "smtp://mail.example.com?starttls=off&starttls=on",
        "smtps://mail.example.com?starttls=off",
        "smtp://mail.example.com:99999",
    ],
)
def test_unknown_smtp_parameters_and_values_are_refused_at_start(url: str) -> None:
    with pytest.raises(ValueError, match="AUTHGATE_SMTP_URL"):
        SmtpMailer(url, "accounts@example.test")


async def test_a_network_host_without_starttls_gets_no_mail(smtp: SmtpSink) -> None:
    mailer = SmtpMailer("smtp://mail.example.com", "accounts@example.test")
    # The same settings, pointed at the loopback server, which offers no STARTTLS.
    loopback = parse_smtp_url(smtp.url)
    mailer.settings = dataclasses.replace(mailer.settings, host=loopback.host, port=loopback.port)
    with pytest.raises(aiosmtplib.SMTPException, match="STARTTLS extension not supported"):
        await mailer.send(MESSAGE)
    assert smtp.received == []


async def test_smtp_with_starttls_off_sends_without_tls(smtp: SmtpSink) -> None:
    await SmtpMailer(f"{smtp.url}?starttls=off", "accounts@example.test").send(MESSAGE)
    assert [m.subject for m in smtp.received] == ["Reset your password"]


async def test_log_mailer_writes_the_mail_with_its_link_to_the_mail_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="authgate.mail"):
        await LogMailer().send(MESSAGE)
    [record] = caplog.records
    assert record.name == "authgate.mail" and LINK in record.getMessage()


async def test_log_mailer_indents_the_body_so_it_cannot_forge_log_lines(
    caplog: pytest.LogCaptureFixture,
) -> None:
    forged = MailMessage("a@example.com", "Hi", "Hello\n2026-12-03 INFO authgate fake\n", "")
    with caplog.at_level(logging.INFO, logger="authgate.mail"):
        await LogMailer().send(forged)
    lines = caplog.records[0].getMessage().splitlines()
    assert lines[1:] == ["    | Hello", "    | 2026-12-03 INFO authgate fake"]


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
