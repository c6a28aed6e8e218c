"""The outbox: mail goes out in the background, and a failure never fails the action."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from authgate.application.account.forgot_password import ForgotPassword
from authgate.domain.models import MailMessage
from authgate.infrastructure.mail.outbox import Outbox
from tests.unit.account_support import CLIENT, account_container, signed_up
from tests.unit.fakes import FakeClock, FakeHasher, FakeUnitOfWork

MESSAGE = MailMessage("ada@example.com", "Reset", "link ?token=SECRET-TOKEN", "<p>SECRET</p>")


class BrokenMailer:
    async def send(self, message: MailMessage) -> None:
        raise ConnectionRefusedError("connection refused")


class GatedMailer:
    """Delivers only once the gate opens, like a slow SMTP server."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.delivered: list[MailMessage] = []

    async def send(self, message: MailMessage) -> None:
        await self.gate.wait()
        self.delivered.append(message)


async def test_send_returns_before_the_mail_is_delivered() -> None:
    transport = GatedMailer()
    outbox = Outbox(transport)
    await asyncio.wait_for(outbox.send(MESSAGE), timeout=1)
    assert transport.delivered == []
    transport.gate.set()
    await outbox.drain()
    assert transport.delivered == [MESSAGE]


async def test_a_failed_send_is_logged_without_the_message_body(
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbox = Outbox(BrokenMailer())
    with caplog.at_level(logging.ERROR, logger="authgate.mail"):
        await outbox.send(MESSAGE)
        await outbox.drain()
    assert "ConnectionRefusedError" in caplog.text and "ada@example.com" in caplog.text
    assert "SECRET" not in caplog.text


async def test_drain_gives_up_on_a_stuck_mail_after_its_limit() -> None:
    transport = GatedMailer()
    outbox = Outbox(transport)
    await outbox.send(MESSAGE)
    await asyncio.wait_for(outbox.drain(limit_seconds=0.05), timeout=2)
    await outbox.drain()  # the stuck send was cancelled: nothing is left to wait for
    assert transport.delivered == []


async def test_signup_and_forgot_password_succeed_when_mail_cannot_be_sent(
    tmp_path: Path,
    uow: FakeUnitOfWork,
    hasher: FakeHasher,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = account_container(tmp_path, uow, hasher, clock, BrokenMailer())
    with caplog.at_level(logging.ERROR, logger="authgate.mail"):
        user = await signed_up(app)
        await app.account.forgot_password(ForgotPassword(user.email, CLIENT))
        await app.outbox.drain()
    assert user.id in uow.users.rows and len(uow.one_time_tokens.rows) == 2
    assert caplog.text.count("could not send") == 2
