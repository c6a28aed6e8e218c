"""The signed-in person's account through HTTP: profile, password change, deletion."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import func, select

from authgate.infrastructure.db import tables as t
from authgate.infrastructure.db.engine import create_engine
from tests.api.conftest import (
    PASSWORD,
    MakeClient,
    envelope,
    login,
    signed_in,
    signup,
    unique_email,
)

NEW_PASSWORD = "a brand new river song"
AVATAR = "https://img.example.com/ada.png?size=64"


def claims(client: httpx.AsyncClient) -> dict[str, Any]:
    token = client.cookies.get("access-token")
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


async def change_password(client: httpx.AsyncClient, current: str, new: str) -> httpx.Response:
    body = {"current_password": current, "new_password": new}
    return await client.post("/api/users/me/password", json=body)


async def delete_me(client: httpx.AsyncClient, password: str) -> httpx.Response:
    return await client.request("DELETE", "/api/users/me", json={"password": password})


async def test_profile_update_shows_in_current_user_and_the_next_access_token(
    client: httpx.AsyncClient,
) -> None:
    await signed_in(client)
    resp = await client.patch("/api/users/me", json={"name": " Countess ", "avatar_url": AVATAR})
    data = envelope(resp, 200)["data"]
    assert (data["name"], data["avatar_url"]) == ("Countess", AVATAR)
    me = envelope(await client.get("/api/auth/current-user"), 200)["data"]
    assert (me["name"], me["avatar_url"]) == ("Countess", AVATAR)
    envelope(await client.post("/api/auth/refresh"), 200)
    assert (claims(client)["name"], claims(client)["avatar_url"]) == ("Countess", AVATAR)


async def test_profile_update_keeps_fields_left_out_and_null_or_blank_clears_the_avatar(
    client: httpx.AsyncClient,
) -> None:
    await signed_in(client)
    envelope(await client.patch("/api/users/me", json={"avatar_url": AVATAR}), 200)
    data = envelope(await client.patch("/api/users/me", json={"name": "Ada L."}), 200)["data"]
    assert (data["name"], data["avatar_url"]) == ("Ada L.", AVATAR)
    data = envelope(await client.patch("/api/users/me", json={"avatar_url": None}), 200)["data"]
    assert (data["name"], data["avatar_url"]) == ("Ada L.", None)
    envelope(await client.patch("/api/users/me", json={"avatar_url": AVATAR}), 200)
    data = envelope(await client.patch("/api/users/me", json={"avatar_url": " "}), 200)["data"]
    assert data["avatar_url"] is None  # an emptied form field clears it too


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"avatar_url": "javascript:alert(1)"}, "avatar_url"),
        ({"avatar_url": "ftp://files.example.com/a.png"}, "avatar_url"),
        ({"avatar_url": "https://example.com/" + "a" * 2040}, "avatar_url"),
        ({"avatar_url": "not a url"}, "avatar_url"),
        ({"name": None}, "name"),
        ({"name": "   "}, "name"),
        ({"is_admin": True}, "is_admin"),
    ],
)
async def test_profile_update_refuses_bad_input_without_echoing_it(
    client: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    await signed_in(client)
    details = envelope(await client.patch("/api/users/me", json=body), 422, "validation_error")
    assert [d["field"] for d in details["details"]] == [field]
    for value in body.values():
        if isinstance(value, str) and value.strip():
            assert value not in str(details)


async def test_account_endpoints_need_authentication(client: httpx.AsyncClient) -> None:
    envelope(await client.patch("/api/users/me", json={"name": "X"}), 401, "not_authenticated")
    resp = await change_password(client, PASSWORD, NEW_PASSWORD)
    envelope(resp, 401, "not_authenticated")
    envelope(await delete_me(client, PASSWORD), 401, "not_authenticated")


async def test_change_password_ends_other_sessions_and_keeps_the_current_one(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    email = await signed_in(client)
    other = await make_client()
    await login(other, email)
    envelope(await change_password(client, PASSWORD, NEW_PASSWORD), 200)
    envelope(await client.get("/api/auth/current-user"), 200)
    envelope(await client.post("/api/auth/refresh"), 200)
    envelope(await other.get("/api/auth/current-user"), 401, "invalid_token")
    envelope(await other.post("/api/auth/refresh"), 401, "invalid_refresh_token")
    sessions = envelope(await client.get("/api/auth/sessions"), 200)["data"]
    assert [s["current"] for s in sessions] == [True]
    await login(other, email, NEW_PASSWORD)


async def test_change_password_with_a_wrong_current_password_changes_nothing(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    email = await signed_in(client)
    other = await make_client()
    await login(other, email)
    resp = await change_password(client, "not my password", NEW_PASSWORD)
    envelope(resp, 400, "invalid_current_password")
    envelope(await other.get("/api/auth/current-user"), 200)
    await login(other, email, PASSWORD)


async def test_change_password_applies_the_password_rules(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    weak = envelope(await change_password(client, PASSWORD, "password1234"), 422)
    assert weak["error"] == "password_too_weak"
    assert [d["field"] for d in weak["details"]] == ["new_password"]
    short = envelope(await change_password(client, PASSWORD, "7 chars"), 422, "validation_error")
    assert [d["field"] for d in short["details"]] == ["new_password"]
    assert PASSWORD not in str(short) and "7 chars" not in str(short)


async def test_delete_account_needs_the_password(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    envelope(await delete_me(client, "not my password"), 400, "invalid_current_password")
    envelope(await client.get("/api/auth/current-user"), 200)


async def count_rows(database_url: str, user_id: str, session_ids: list[str]) -> dict[str, int]:
    uid, sids = uuid.UUID(user_id), [uuid.UUID(s) for s in session_ids]
    queries = {
        "users": select(func.count()).where(t.users.c.id == uid),
        "sessions": select(func.count()).where(t.sessions.c.user_id == uid),
        "refresh_tokens": select(func.count()).where(t.refresh_tokens.c.session_id.in_(sids)),
        "one_time_tokens": select(func.count()).where(t.one_time_tokens.c.user_id == uid),
        "security_events": select(func.count()).where(t.security_events.c.user_id == uid),
    }
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return {name: (await connection.execute(q)).scalar_one() for name, q in queries.items()}
    finally:
        await engine.dispose()


async def test_delete_account_removes_every_row_but_the_audit_trail_and_frees_the_address(
    make_client: MakeClient, database_url: str
) -> None:
    client = await make_client()
    email = unique_email()
    user_id = (await signup(client, email))["user_id"]
    await login(client, email)
    other = await make_client()
    await login(other, email)
    envelope(await client.post("/api/auth/refresh"), 200)
    envelope(await client.post("/api/auth/password/forgot", json={"email": email}), 202)
    sessions = envelope(await client.get("/api/auth/sessions"), 200)["data"]
    session_ids = [s["session_id"] for s in sessions]
    before = await count_rows(database_url, user_id, session_ids)
    assert all(before.values()), before  # every kind of row exists, so deleting them counts

    resp = await delete_me(client, PASSWORD)
    envelope(resp, 200)
    assert all("Max-Age=0" in c for c in resp.headers.get_list("set-cookie"))
    after = await count_rows(database_url, user_id, session_ids)
    kept_events = after.pop("security_events")
    assert set(after.values()) == {0}, after
    assert kept_events == before["security_events"] + 1, "the trail stays, with the deletion"
    envelope(await other.get("/api/auth/current-user"), 401, "invalid_token")
    envelope(await other.post("/api/auth/refresh"), 401, "invalid_refresh_token")
    bad = await other.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    envelope(bad, 401, "invalid_credentials")
    assert (await signup(client, email))["user_id"] != user_id
