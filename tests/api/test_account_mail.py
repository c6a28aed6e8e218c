"""Mailed links over a real SMTP server: verification and password reset, through HTTP."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.api.conftest import PASSWORD, MakeClient, envelope, login, signup, unique_email
from tests.smtp import Received, SmtpSink, dead_smtp_url, drain_mail, smtp_sink
from tests.unit.fakes import FakeClock

PUBLIC_URL = "https://accounts.example.test"
NEW_PASSWORD = "a brand new river song"


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    with smtp_sink() as sink:
        yield sink


async def mail_client(make_client: MakeClient, smtp_url: str, **kw: Any) -> httpx.AsyncClient:
    return await make_client(smtp_url=smtp_url, public_url=PUBLIC_URL, **kw)


def link_token(mail: Received, route: str) -> str:
    found = re.search(re.escape(f"{PUBLIC_URL}{route}?token=") + r"([A-Za-z0-9_-]+)", mail.text)
    assert found, mail.text
    return found.group(1)


async def only_mail_to(client: httpx.AsyncClient, smtp: SmtpSink, address: str) -> Received:
    await drain_mail(client)
    [mail] = smtp.to(address)
    return mail


async def forgot(client: httpx.AsyncClient, email: str) -> httpx.Response:
    return await client.post("/api/auth/password/forgot", json={"email": email})


async def reset(client: httpx.AsyncClient, token: str, password: str) -> httpx.Response:
    body = {"token": token, "new_password": password}
    return await client.post("/api/auth/password/reset", json=body)


async def verify(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/api/auth/email/verify", json={"token": token})


async def test_signup_mails_a_verification_link_from_the_public_url(
    make_client: MakeClient, smtp: SmtpSink
) -> None:
    client = await mail_client(make_client, smtp.url, mail_from="accounts@example.test")
    email = unique_email()
    await signup(client, email)
    mail = await only_mail_to(client, smtp, email)
    assert mail.mail_from == "accounts@example.test" and mail.message["To"] == email
    assert {"text/plain", "text/html"} <= set(mail.content_types())
    assert link_token(mail, "/verify-email")
    assert "testserver" not in mail.text  # never the request's Host


async def test_verification_link_works_once(make_client: MakeClient, smtp: SmtpSink) -> None:
    client = await mail_client(make_client, smtp.url)
    email = unique_email()
    await signup(client, email)
    token = link_token(await only_mail_to(client, smtp, email), "/verify-email")
    data = envelope(await verify(client, token), 200)["data"]
    assert data["email"] == email and data["email_verified"] is True
    envelope(await verify(client, token), 400, "invalid_verification_token")
    await login(client, email)
    me = envelope(await client.get("/api/auth/current-user"), 200)["data"]
    assert me["email_verified"] is True


async def test_verification_link_expires_after_24_hours(
    make_client: MakeClient, smtp: SmtpSink
) -> None:
    clock = FakeClock(datetime.now(UTC))
    client = await mail_client(make_client, smtp.url, clock=clock)
    email = unique_email()
    await signup(client, email)
    token = link_token(await only_mail_to(client, smtp, email), "/verify-email")
    clock.advance(hours=24)
    envelope(await verify(client, token), 400, "invalid_verification_token")
    envelope(await verify(client, "made-up-token"), 400, "invalid_verification_token")


async def test_resend_mails_a_fresh_link_until_the_address_is_verified(
    make_client: MakeClient, smtp: SmtpSink
) -> None:
    client = await mail_client(make_client, smtp.url)
    email = unique_email()
    await signup(client, email)
    envelope(await client.post("/api/auth/email/verify/resend"), 401, "not_authenticated")
    await login(client, email)
    envelope(await client.post("/api/auth/email/verify/resend"), 202)
    await drain_mail(client)
    first, second = (link_token(m, "/verify-email") for m in smtp.to(email))
    assert first != second
    envelope(await verify(client, second), 200)
    envelope(await client.post("/api/auth/email/verify/resend"), 202)
    await drain_mail(client)
    assert len(smtp.to(email)) == 2  # verified: no more mail


async def test_forgot_password_answers_alike_and_mails_only_real_accounts(
    make_client: MakeClient, smtp: SmtpSink
) -> None:
    client = await mail_client(make_client, smtp.url)
    email, stranger = unique_email(), unique_email("nobody")
    await signup(client, email)
    real, unknown = await forgot(client, email.upper()), await forgot(client, stranger)
    assert envelope(real, 202) == envelope(unknown, 202)
    await drain_mail(client)
    assert smtp.to(stranger) == []
    [mail] = [m for m in smtp.to(email) if "/reset-password" in m.text]
    assert "Reset" in mail.subject and link_token(mail, "/reset-password")


async def test_forgot_password_does_not_wait_for_the_smtp_server(
    make_client: MakeClient, smtp: SmtpSink
) -> None:
    client = await mail_client(make_client, smtp.url)
    email = unique_email()
    await signup(client, email)
    await drain_mail(client)
    smtp.gate.clear()  # the server now holds every mail until the gate opens
    resp = await asyncio.wait_for(forgot(client, email), timeout=5)
    envelope(resp, 202)
    assert len(smtp.to(email)) == 1  # only the verification mail, so far
    smtp.gate.set()
    await drain_mail(client)
    assert len(smtp.to(email)) == 2


async def test_reset_link_works_once_ends_every_session_and_sets_no_cookie(
    make_client: MakeClient, smtp: SmtpSink
) -> None:
    client = await mail_client(make_client, smtp.url)
    email = unique_email()
    await signup(client, email)
    await login(client, email)
    other = await make_client()
    await login(other, email)
    envelope(await forgot(client, email), 202)
    await drain_mail(client)
    token = link_token(smtp.to(email)[-1], "/reset-password")
    resp = await reset(client, token, NEW_PASSWORD)
    envelope(resp, 200)
    assert resp.headers.get_list("set-cookie") == []
    for browser in (client, other):
        envelope(await browser.get("/api/auth/current-user"), 401, "invalid_token")
    envelope(await reset(client, token, "yet another passphrase"), 400, "invalid_reset_token")
    bad = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    envelope(bad, 401, "invalid_credentials")
    await login(client, email, NEW_PASSWORD)


async def test_reset_link_expires_after_an_hour(make_client: MakeClient, smtp: SmtpSink) -> None:
    clock = FakeClock(datetime.now(UTC))
    client = await mail_client(make_client, smtp.url, clock=clock)
    email = unique_email()
    await signup(client, email)
    envelope(await forgot(client, email), 202)
    await drain_mail(client)
    token = link_token(smtp.to(email)[-1], "/reset-password")
    clock.advance(hours=1, seconds=1)
    envelope(await reset(client, token, NEW_PASSWORD), 400, "invalid_reset_token")


async def test_reset_applies_the_password_rules(make_client: MakeClient, smtp: SmtpSink) -> None:
    client = await mail_client(make_client, smtp.url)
    email = unique_email()
    await signup(client, email)
    envelope(await forgot(client, email), 202)
    await drain_mail(client)
    token = link_token(smtp.to(email)[-1], "/reset-password")
    weak = envelope(await reset(client, token, "password1234"), 422, "password_too_weak")
    assert [d["field"] for d in weak["details"]] == ["new_password"]
    short = envelope(await reset(client, token, "7 chars"), 422, "validation_error")
    assert [d["field"] for d in short["details"]] == ["new_password"]
    assert "7 chars" not in str(short)
    envelope(await reset(client, token, NEW_PASSWORD), 200)  # the refusals did not spend it


async def test_a_dead_smtp_server_never_fails_the_request(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = await mail_client(make_client, dead_smtp_url())
    email = unique_email()
    with caplog.at_level(logging.ERROR, logger="authgate.mail"):
        await signup(client, email)
        envelope(await forgot(client, email), 202)
        await login(client, email)
        envelope(await client.post("/api/auth/email/verify/resend"), 202)
        body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        envelope(await client.post("/api/users/me/password", json=body), 200)
        await drain_mail(client)
    failures = [r for r in caplog.records if r.name == "authgate.mail"]
    assert len(failures) == 4
    assert all("token=" not in r.getMessage() for r in failures)


async def test_racing_resets_with_one_link_succeed_exactly_once(
    make_client: MakeClient, smtp: SmtpSink
) -> None:
    client = await mail_client(make_client, smtp.url)
    email = unique_email()
    await signup(client, email)
    envelope(await forgot(client, email), 202)
    await drain_mail(client)
    token = link_token(smtp.to(email)[-1], "/reset-password")
    passwords = [f"racing passphrase number {i}" for i in range(5)]
    responses = await asyncio.gather(*(reset(client, token, p) for p in passwords))
    statuses = [r.status_code for r in responses]
    assert sorted(statuses) == [200, 400, 400, 400, 400], statuses
    winner = passwords[statuses.index(200)]
    await login(client, email, winner)


async def test_a_reset_link_is_refused_once_the_password_changed(
    make_client: MakeClient, smtp: SmtpSink
) -> None:
    client = await mail_client(make_client, smtp.url)
    email = unique_email()
    await signup(client, email)
    await forgot(client, email)
    await drain_mail(client)
    token = link_token(smtp.to(email)[-1], "/reset-password")
    await login(client, email)
    body = {"current_password": PASSWORD, "new_password": "another fine password"}
    envelope(await client.post("/api/users/me/password", json=body), 200)
    envelope(await reset(client, token, NEW_PASSWORD), 400, "invalid_reset_token")
