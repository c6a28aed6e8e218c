"""The sign-up / sign-in flow through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import httpx
import jwt

from tests.api.conftest import (
    PASSWORD,
    MakeClient,
    envelope,
    login,
    signed_in,
    signup,
    unique_email,
)


async def test_signup_returns_user_info_without_secrets(client: httpx.AsyncClient) -> None:
    email = unique_email()
    resp = await client.post(
        "/api/auth/signup",
        json={"name": " Ada ", "email": f"  {email.upper()} ", "password": PASSWORD},
    )
    data = envelope(resp, 201)["data"]
    assert set(data) == {
        "user_id",
        "name",
        "email",
        "avatar_url",
        "email_verified",
        "created_at",
        "role",
    }
    assert data["email"] == email and data["name"] == "Ada"
    assert PASSWORD not in resp.text and "$2b$" not in resp.text


async def test_email_is_case_and_space_insensitive(client: httpx.AsyncClient) -> None:
    email = unique_email()
    await signup(client, email)
    resp = await client.post(
        "/api/auth/signup", json={"name": "B", "email": f" {email.upper()}", "password": PASSWORD}
    )
    envelope(resp, 409, "email_taken")
    await login(client, f"  {email.upper()}  ")


async def test_racing_signups_create_exactly_one_account(client: httpx.AsyncClient) -> None:
    email = unique_email("race")
    body = {"name": "Racer", "email": email, "password": PASSWORD}
    responses = await asyncio.gather(
        *(client.post("/api/auth/signup", json=body) for _ in range(30))
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 1, statuses
    assert statuses.count(409) == 29, statuses
    for r in responses:
        if r.status_code == 409:
            envelope(r, 409, "email_taken")


async def test_login_sets_httponly_cookies_and_no_token_in_body(client: httpx.AsyncClient) -> None:
    email = unique_email()
    await signup(client, email)
    resp = await login(client, email)
    cookies = resp.headers.get_list("set-cookie")
    access = next(c for c in cookies if c.startswith("access-token="))
    refresh = next(c for c in cookies if c.startswith("refresh-token="))
    assert "HttpOnly" in access and "SameSite=lax" in access and "Path=/;" in access + ";"
    assert "Path=/api/auth" in refresh and "HttpOnly" in refresh
    assert "no-store" in resp.headers["cache-control"]
    assert "token" not in resp.text
    assert resp.json()["data"]["expires_in"] == 900


async def test_unknown_email_and_wrong_password_look_the_same(client: httpx.AsyncClient) -> None:
    email = unique_email()
    await signup(client, email)
    wrong = await client.post("/api/auth/login", json={"email": email, "password": "nope" * 3})
    unknown = await client.post(
        "/api/auth/login", json={"email": unique_email(), "password": "nope" * 3}
    )
    assert envelope(wrong, 401, "invalid_credentials") == envelope(
        unknown, 401, "invalid_credentials"
    )


async def test_current_user_prefers_bearer_over_cookie(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    await signed_in(client)
    other = await make_client()
    other_email = await signed_in(other)
    bearer = other.cookies.get("access-token")
    resp = await client.get("/api/auth/current-user", headers={"Authorization": f"Bearer {bearer}"})
    assert envelope(resp, 200)["data"]["email"] == other_email


async def test_current_user_errors(client: httpx.AsyncClient) -> None:
    envelope(await client.get("/api/auth/current-user"), 401, "not_authenticated")
    resp = await client.get("/api/auth/current-user", headers={"Authorization": "Bearer x.y.z"})
    envelope(resp, 401, "invalid_token")


async def test_expired_access_token_is_token_expired(make_client: MakeClient) -> None:
    client = await make_client(access_token_ttl_seconds=1)
    await signed_in(client)
    token = client.cookies.get("access-token")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 1
    await asyncio.sleep(2.1)
    resp = await client.get("/api/auth/current-user", headers={"Authorization": f"Bearer {token}"})
    envelope(resp, 401, "token_expired")


async def test_refresh_by_cookie_rotates_and_keeps_the_session(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    old_refresh = client.cookies.get("refresh-token", path="/api/auth")
    sid = jwt.decode(client.cookies.get("access-token"), options={"verify_signature": False})["sid"]
    envelope(await client.post("/api/auth/refresh"), 200)
    assert client.cookies.get("refresh-token", path="/api/auth") != old_refresh
    new_sid = jwt.decode(client.cookies.get("access-token"), options={"verify_signature": False})
    assert new_sid["sid"] == sid
    envelope(await client.get("/api/auth/current-user"), 200)


async def test_refresh_by_body_returns_the_pair(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    refresh = client.cookies.get("refresh-token", path="/api/auth")
    client.cookies.clear()
    data = envelope(await client.post("/api/auth/refresh", json={"refresh_token": refresh}), 200)[
        "data"
    ]
    assert data["token_type"] == "bearer" and len(data["refresh_token"]) >= 43
    me = await client.get(
        "/api/auth/current-user", headers={"Authorization": f"Bearer {data['access_token']}"}
    )
    envelope(me, 200)


async def test_logout_clears_cookies_and_kills_the_access_token(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    access = client.cookies.get("access-token")
    resp = await client.post("/api/auth/logout")
    envelope(resp, 200)
    assert all("Max-Age=0" in c for c in resp.headers.get_list("set-cookie"))
    after = await client.get(
        "/api/auth/current-user", headers={"Authorization": f"Bearer {access}"}
    )
    envelope(after, 401, "invalid_token")
    envelope(await client.post("/api/auth/logout"), 200)  # idempotent


async def test_logout_all_ends_every_session(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    email = await signed_in(client)
    second = await make_client()
    await login(second, email)
    envelope(await client.post("/api/auth/logout-all"), 200)
    envelope(await second.get("/api/auth/current-user"), 401, "invalid_token")
    envelope(await second.post("/api/auth/refresh"), 401, "invalid_refresh_token")


async def test_sessions_list_and_delete(client: httpx.AsyncClient, make_client: MakeClient) -> None:
    email = await signed_in(client)
    second = await make_client()
    await login(second, email)
    sessions = envelope(await client.get("/api/auth/sessions"), 200)["data"]
    assert len(sessions) == 2 and sum(s["current"] for s in sessions) == 1
    other = next(s for s in sessions if not s["current"])
    envelope(await client.delete(f"/api/auth/sessions/{other['session_id']}"), 200)
    envelope(await second.get("/api/auth/current-user"), 401, "invalid_token")
    again = await client.delete(f"/api/auth/sessions/{other['session_id']}")
    envelope(again, 404, "session_not_found")


async def test_another_users_session_is_not_found(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    await signed_in(client)
    victim = await make_client()
    await signed_in(victim)
    victim_sid = envelope(await victim.get("/api/auth/sessions"), 200)["data"][0]["session_id"]
    envelope(await client.delete(f"/api/auth/sessions/{victim_sid}"), 404, "session_not_found")
    envelope(await victim.get("/api/auth/current-user"), 200)
