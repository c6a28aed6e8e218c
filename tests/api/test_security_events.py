"""GET /api/users/me/security-events: a person's own recent security events."""

from __future__ import annotations

import httpx

from tests.api.conftest import PASSWORD, MakeClient, envelope, login, signed_in

PATH = "/api/users/me/security-events"


async def events_of(client: httpx.AsyncClient) -> list[dict[str, object]]:
    data: list[dict[str, object]] = envelope(await client.get(PATH), 200)["data"]
    return data


async def test_it_needs_authentication(client: httpx.AsyncClient) -> None:
    envelope(await client.get(PATH), 401, "not_authenticated")
    resp = await client.get(PATH, headers={"Authorization": "Bearer x.y.z"})
    envelope(resp, 401, "invalid_token")


async def test_events_are_the_persons_own_newest_first(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    email = await signed_in(client)
    other = await make_client()
    await signed_in(other)
    await client.post("/api/auth/login", json={"email": email, "password": "wrong password"})
    second = await make_client()
    await login(second, email)
    await second.post("/api/auth/logout")
    resp = await client.get(PATH, headers={"User-Agent": "reader"})
    assert "no-store" in resp.headers["cache-control"]
    events = envelope(resp, 200)["data"]
    sign_in_events = {"session_ended", "login_succeeded", "login_failed"}
    assert [e["event"] for e in events if e["event"] in sign_in_events] == [
        "session_ended",
        "login_succeeded",
        "login_failed",
        "login_succeeded",
    ]
    keys = {"event", "created_at", "ip", "user_agent", "actor_id"}  # actor_id: an admin acted
    assert all(set(e) == keys and e["actor_id"] is None for e in events)
    stamps = [e["created_at"] for e in events]
    assert stamps == sorted(stamps, reverse=True)
    assert events[-1]["ip"] == "127.0.0.1"
    assert len(await events_of(other)) == 1, "someone else's events are not shown"


async def test_the_reuse_event_is_visible_to_its_owner(make_client: MakeClient) -> None:
    client = await make_client(refresh_reuse_grace_seconds=0)
    email = await signed_in(client)
    stolen = client.cookies.get("refresh-token", path="/api/auth")
    envelope(await client.post("/api/auth/refresh"), 200)
    await client.post("/api/auth/refresh", json={"refresh_token": stolen})
    await login(client, email)
    names = [e["event"] for e in await events_of(client)]
    assert names[:2] == ["login_succeeded", "refresh_token_reused"]


async def test_a_password_change_is_recorded(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    resp = await client.post(
        "/api/users/me/password",
        json={"current_password": PASSWORD, "new_password": "a brand new river song"},
    )
    envelope(resp, 200)
    assert (await events_of(client))[0]["event"] == "password_changed"
