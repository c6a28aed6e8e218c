"""Two-factor sign-in through HTTP, on SQLite and PostgreSQL: set-up, the login step,
the OAuth 2 grant, recovery codes, and what is stored."""

from __future__ import annotations

import time
from typing import Any

import httpx
import jwt
import pyotp
from sqlalchemy import select

from authgate.infrastructure.db import tables as t
from authgate.infrastructure.db.engine import create_engine
from tests.api.conftest import PASSWORD, envelope, signed_in

MFA_OTP = "urn:authgate:params:oauth:grant-type:mfa-otp"


def next_code(secret: str) -> str:
    """The next step's code: still accepted (one step of drift), and newer than the one
    that confirmed the set-up, which may not be used again."""
    return pyotp.TOTP(secret).at(time.time(), counter_offset=1)


async def turn_on(client: httpx.AsyncClient) -> tuple[str, list[str]]:
    resp = await client.post("/api/users/me/mfa/totp", json={"current_password": PASSWORD})
    setup = envelope(resp, 200)["data"]
    assert setup["otpauth_uri"].startswith("otpauth://totp/")
    assert "issuer=authgate" in setup["otpauth_uri"]
    assert resp.headers["cache-control"].startswith("no-store")
    code = pyotp.TOTP(setup["secret"]).now()
    resp = await client.post("/api/users/me/mfa/totp/confirm", json={"code": code})
    codes = envelope(resp, 200)["data"]["recovery_codes"]
    assert len(codes) == 10
    return setup["secret"], codes


async def password_step(client: httpx.AsyncClient, email: str) -> dict[str, Any]:
    resp = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    data: dict[str, Any] = envelope(resp, 200)["data"]
    assert "set-cookie" not in resp.headers
    return data


async def test_login_with_totp_takes_two_steps_and_the_session_remembers_how(
    client: httpx.AsyncClient,
) -> None:
    email = await signed_in(client)
    secret, _ = await turn_on(client)
    client.cookies.clear()
    step = await password_step(client, email)
    assert step["mfa_required"] is True and step["methods"] == ["totp", "recovery_code"]
    resp = await client.post(
        "/api/auth/login/mfa",
        json={"mfa_token": step["mfa_token"], "code": next_code(secret)},
    )
    data = envelope(resp, 200)["data"]
    assert data["user"]["email"] == email and data["expires_in"] > 0
    claims = jwt.decode(client.cookies["access-token"], options={"verify_signature": False})
    assert claims["amr"] == ["password", "totp"] and isinstance(claims["auth_time"], int)
    sessions = envelope(await client.get("/api/auth/sessions"), 200)["data"]
    current = next(s for s in sessions if s["current"])
    assert current["methods"] == ["password", "totp"] and current["authenticated_at"]
    security = envelope(await client.get("/api/users/me/security"), 200)["data"]
    assert security == {
        "has_password": True,
        "totp_enabled": True,
        "recovery_codes_left": 10,
        "passkeys": 0,
        "identities": [],
    }


async def test_refresh_keeps_how_the_session_began(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    envelope(await client.post("/api/auth/refresh"), 200)
    claims = jwt.decode(client.cookies["access-token"], options={"verify_signature": False})
    assert claims["amr"] == ["password"]


async def test_wrong_codes_and_tokens_get_their_own_errors(client: httpx.AsyncClient) -> None:
    email = await signed_in(client)
    secret, _ = await turn_on(client)
    client.cookies.clear()
    token = (await password_step(client, email))["mfa_token"]
    for _ in range(5):
        resp = await client.post("/api/auth/login/mfa", json={"mfa_token": token, "code": "abc"})
        envelope(resp, 401, "invalid_mfa_code")
    resp = await client.post(
        "/api/auth/login/mfa", json={"mfa_token": token, "code": next_code(secret)}
    )
    envelope(resp, 401, "invalid_mfa_token")
    resp = await client.post("/api/auth/login/mfa", json={"mfa_token": "nope", "code": "123456"})
    envelope(resp, 401, "invalid_mfa_token")
    resp = await client.post("/api/auth/login/mfa", json={"mfa_token": "x\x00", "code": "1"})
    envelope(resp, 422, "validation_error")


async def test_a_recovery_code_signs_in_once(client: httpx.AsyncClient) -> None:
    email = await signed_in(client)
    _, codes = await turn_on(client)
    client.cookies.clear()
    token = (await password_step(client, email))["mfa_token"]
    resp = await client.post("/api/auth/login/mfa", json={"mfa_token": token, "code": codes[0]})
    envelope(resp, 200)
    assert (
        envelope(await client.get("/api/users/me/security"), 200)["data"]["recovery_codes_left"]
        == 9
    )
    events = envelope(await client.get("/api/users/me/security-events"), 200)["data"]
    assert {"recovery_code_used", "mfa_enabled"} <= {e["event"] for e in events}
    client.cookies.clear()
    token = (await password_step(client, email))["mfa_token"]
    resp = await client.post("/api/auth/login/mfa", json={"mfa_token": token, "code": codes[0]})
    envelope(resp, 401, "invalid_mfa_code")


async def test_the_oauth2_password_grant_asks_for_the_mfa_otp_grant(
    client: httpx.AsyncClient,
) -> None:
    email = await signed_in(client)
    _secret, codes = await turn_on(client)
    client.cookies.clear()
    form = {"grant_type": "password", "username": email, "password": PASSWORD}
    resp = await client.post("/api/auth/token", data=form)
    assert resp.status_code == 403, resp.text
    body = resp.json()
    assert body["error"] == "mfa_required" and body["mfa_token"] and body["error_description"]
    bad = {"grant_type": MFA_OTP, "mfa_token": body["mfa_token"], "otp": "000000x"}
    resp = await client.post("/api/auth/token", data=bad)
    assert (resp.status_code, resp.json()["error"]) == (400, "invalid_grant")
    good = {"grant_type": MFA_OTP, "mfa_token": body["mfa_token"], "otp": codes[3]}
    resp = await client.post("/api/auth/token", data=good)
    assert resp.status_code == 200, resp.text
    assert resp.json()["token_type"] == "bearer" and resp.json()["refresh_token"]
    resp = await client.post("/api/auth/token", data={"grant_type": MFA_OTP, "mfa_token": "x"})
    assert (resp.status_code, resp.json()["error"]) == (400, "invalid_request")


async def test_turning_totp_on_signs_out_other_sessions(make_client: Any) -> None:
    mine, other = await make_client(), None
    email = await signed_in(mine)
    other = await make_client()
    resp = await other.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    envelope(resp, 200)
    await turn_on(mine)
    envelope(await other.get("/api/auth/current-user"), 401, "invalid_token")
    envelope(await mine.get("/api/auth/current-user"), 200)


async def test_management_needs_password_and_code_and_answers_conflicts(
    client: httpx.AsyncClient,
) -> None:
    await signed_in(client)
    resp = await client.post("/api/users/me/mfa/totp", json={"current_password": "wrong one!"})
    envelope(resp, 400, "invalid_current_password")
    resp = await client.post("/api/users/me/mfa/totp/confirm", json={"code": "123456"})
    envelope(resp, 409, "totp_not_pending")
    resp = await client.post(
        "/api/users/me/mfa/recovery-codes", json={"current_password": PASSWORD, "code": "1"}
    )
    envelope(resp, 409, "totp_not_enabled")
    secret, codes = await turn_on(client)
    resp = await client.post("/api/users/me/mfa/totp", json={"current_password": PASSWORD})
    envelope(resp, 409, "totp_already_enabled")
    resp = await client.post(
        "/api/users/me/mfa/recovery-codes", json={"current_password": PASSWORD, "code": "zzzz"}
    )
    envelope(resp, 400, "invalid_mfa_code")
    resp = await client.post(
        "/api/users/me/mfa/recovery-codes", json={"current_password": PASSWORD, "code": codes[0]}
    )
    fresh = envelope(resp, 200)["data"]["recovery_codes"]
    assert not set(fresh) & set(codes)
    resp = await client.request(
        "DELETE", "/api/users/me/mfa/totp", json={"current_password": PASSWORD, "code": codes[1]}
    )
    envelope(resp, 400, "invalid_mfa_code")  # the old codes stopped working
    resp = await client.request(
        "DELETE",
        "/api/users/me/mfa/totp",
        json={"current_password": PASSWORD, "code": next_code(secret)},
    )
    envelope(resp, 200)
    security = envelope(await client.get("/api/users/me/security"), 200)["data"]
    assert security["totp_enabled"] is False and security["recovery_codes_left"] == 0


async def test_the_secret_and_codes_are_not_stored_in_plain_text(
    client: httpx.AsyncClient, database_url: str
) -> None:
    await signed_in(client)
    secret, codes = await turn_on(client)
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            sealed = (await conn.execute(select(t.totp_credentials.c.sealed_secret))).scalars()
            hashes = (await conn.execute(select(t.recovery_codes.c.code_hash))).scalars()
            stored = " ".join([*sealed, *hashes])
    finally:
        await engine.dispose()
    assert secret not in stored
    assert not any(code.replace("-", "") in stored or code in stored for code in codes)


async def test_the_login_answer_is_the_same_for_unknown_and_wrong_with_totp_on(
    client: httpx.AsyncClient,
) -> None:
    email = await signed_in(client)
    await turn_on(client)
    client.cookies.clear()
    wrong = await client.post("/api/auth/login", json={"email": email, "password": "nope nope"})
    unknown = await client.post(
        "/api/auth/login", json={"email": "nobody@example.com", "password": "nope nope"}
    )
    assert wrong.json() == unknown.json()
    envelope(wrong, 401, "invalid_credentials")
