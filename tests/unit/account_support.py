"""Helpers for the account use-case tests: a container with a recording mailer."""

from __future__ import annotations

import re
from pathlib import Path

from authgate.application.auth.login import Login
from authgate.application.auth.sign_in import SessionStarted
from authgate.application.auth.signup import Signup
from authgate.bootstrap import Container
from authgate.domain.models import ClientInfo, MailMessage, User
from authgate.domain.ports import Mailer
from tests.unit.bootstrap import bootstrap_test_app
from tests.unit.fakes import FakeClock, FakeHasher, FakeUnitOfWork

PUBLIC_URL = "https://auth.example.com"
CLIENT = ClientInfo(ip="203.0.113.7", user_agent="pytest")
PASSWORD = "a quiet meadow at dawn"
NEW_PASSWORD = "a brand new river song"


def account_container(
    tmp_path: Path, uow: FakeUnitOfWork, hasher: FakeHasher, clock: FakeClock, mailer: Mailer
) -> Container:
    return bootstrap_test_app(
        tmp_path, uow=uow, hasher=hasher, clock=clock, mailer=mailer, public_url=PUBLIC_URL + "/"
    )


async def sent(app: Container, mailer: Mailer) -> list[MailMessage]:
    """The mails sent so far, once the background outbox has handed them over."""
    await app.outbox.drain()
    messages: list[MailMessage] = mailer.messages  # type: ignore[attr-defined]
    return messages


def token_in(message: MailMessage, route: str) -> str:
    """The token of the link to `route` in both parts of the mail (they must agree)."""
    pattern = re.escape(f"{PUBLIC_URL}{route}?token=") + r"([A-Za-z0-9_-]+)"
    found = re.search(pattern, message.text)
    assert found, message.text
    assert f"{PUBLIC_URL}{route}?token={found.group(1)}" in message.html
    return found.group(1)


async def signed_up(app: Container, email: str = "ada@example.com") -> User:
    return await app.auth.signup(Signup("Ada", email, PASSWORD))


async def signed_in(app: Container, email: str, password: str = PASSWORD) -> SessionStarted:
    return await app.auth.login(Login(email, password, CLIENT))
