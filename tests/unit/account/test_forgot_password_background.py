"""Forgot-password answers before it looks the address up, so its timing tells nothing."""

from __future__ import annotations

import asyncio

from authgate.application.account.forgot_password import ForgotPassword
from authgate.bootstrap import Container
from authgate.domain.models import User
from tests.unit.account_support import CLIENT, sent, signed_up
from tests.unit.fakes import FakeMailer, FakeUnitOfWork


async def test_forgot_password_answers_before_the_lookup_and_mails_after(
    app: Container, uow: FakeUnitOfWork, mailer: FakeMailer
) -> None:
    user = await signed_up(app)
    await sent(app, mailer)  # the verification mail
    gate, looked_up = asyncio.Event(), []
    find = uow.users.get_by_email

    async def slow_lookup(email: str) -> User | None:
        looked_up.append(email)
        await gate.wait()
        return await find(email)

    uow.users.get_by_email = slow_lookup  # type: ignore[method-assign]
    await asyncio.wait_for(app.account.forgot_password(ForgotPassword(user.email, CLIENT)), 1)
    assert uow.one_time_tokens.rows and all(
        t.purpose == "email_verification" for t in uow.one_time_tokens.rows.values()
    )
    gate.set()
    messages = await sent(app, mailer)
    assert looked_up == [user.email]
    assert messages[-1].to == user.email and "Reset" in messages[-1].subject
