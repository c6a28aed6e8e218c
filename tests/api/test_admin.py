"""Administration through HTTP, on SQLite and PostgreSQL: who may, paging and search,
changes that reach the person at once, disable and enable, reset, delete, the audit
trail with its actor, and the last admin kept even when two admins race."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import insert
from sqlalchemy.engine import make_url

from authgate.application.admin.users import SetRole
from authgate.bootstrap import Container, build_container
from authgate.infrastructure.db import tables as t
from authgate.infrastructure.db.engine import create_engine
from authgate.infrastructure.db.migrate import upgrade
from authgate.presentation.app import create_app
from tests.api.conftest import PASSWORD, MakeClient, container_of, envelope, signup, unique_email
from tests.conftest import PG_URL, make_settings, pg_admin, require


async def as_admin(client: httpx.AsyncClient) -> str:
    """Signs up a person, makes them an admin (as `authgate set-role` does), signs in."""
    email = unique_email("admin")
    await signup(client, email)
    await container_of(client).admin.set_role(SetRole(email, "admin"))
    resp = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    envelope(resp, 200)
    return email


async def person(make_client: MakeClient, name: str = "Pat") -> tuple[httpx.AsyncClient, str]:
    """Another person, signed in on their own client."""
    client = await make_client()
    email = unique_email(name.lower())
    resp = await client.post(
        "/api/auth/signup", json={"name": name, "email": email, "password": PASSWORD}
    )
    user_id = envelope(resp, 201)["data"]["user_id"]
    envelope(await client.post("/api/auth/login", json={"email": email, "password": PASSWORD}), 200)
    return client, user_id


async def within_a_second(client: httpx.AsyncClient, path: str, done: Any) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + 1.0
    while True:
        resp = await client.get(path)
        if done(resp) or asyncio.get_running_loop().time() > deadline:
            break
        await asyncio.sleep(0.05)
    assert done(resp), resp.text
    data: dict[str, Any] = resp.json().get("data") or {}
    return data


async def test_every_admin_operation_needs_an_admin(make_client: MakeClient) -> None:
    """Walks the OpenAPI document: each /api/admin operation is 401 signed out and 403
    for a person who is not an admin."""
    stranger = await make_client()
    doc = (await stranger.get("/api/openapi.json")).json()
    user, _ = await person(make_client)
    some_id = str(uuid.uuid4())
    operations = [
        (method.upper(), path.replace("{user_id}", some_id).replace("{session_id}", some_id))
        for path, item in doc["paths"].items()
        if path.startswith("/api/admin")
        for method in item
    ]
    assert len(operations) >= 10
    for method, path in operations:
        envelope(await stranger.request(method, path), 401)
        envelope(await user.request(method, path), 403, "forbidden")


async def test_search_pages_and_details(make_client: MakeClient) -> None:
    admin = await make_client()
    await as_admin(admin)
    _, pat_id = await person(make_client, "Zelda")
    found = envelope(await admin.get("/api/admin/users", params={"query": "ZEL"}), 200)["data"]
    assert pat_id in [u["user_id"] for u in found["items"]]
    by_email = envelope(await admin.get("/api/admin/users", params={"query": "zelda-"}), 200)
    assert pat_id in [u["user_id"] for u in by_email["data"]["items"]]
    details = envelope(await admin.get(f"/api/admin/users/{pat_id}"), 200)["data"]
    assert details["role"] == "user" and details["disabled"] is False
    assert details["has_password"] is True and details["active_sessions"] == 1
    assert details["last_sign_in_at"] is not None and details["passkeys"] == 0
    envelope(await admin.get(f"/api/admin/users/{uuid.uuid4()}"), 404, "user_not_found")
    envelope(await admin.get("/api/admin/users", params={"cursor": "not-a-cursor"}), 422)
    envelope(await admin.get("/api/admin/users", params={"limit": 0}), 422)


async def test_changes_reach_the_person_at_once(make_client: MakeClient) -> None:
    admin = await make_client()
    await as_admin(admin)
    pat, pat_id = await person(make_client)
    """Each client has its own service, as another process would: within a second."""
    body = {"name": "Patricia", "role": "admin", "email_verified": True}
    envelope(await admin.patch(f"/api/admin/users/{pat_id}", json=body), 200)
    me = await within_a_second(
        pat, "/api/auth/current-user", lambda r: r.json()["data"]["role"] == "admin"
    )
    assert (me["name"], me["email_verified"]) == ("Patricia", True)
    envelope(await pat.get("/api/admin/users"), 200)  # an admin now, with the same token
    envelope(await admin.patch(f"/api/admin/users/{pat_id}", json={"role": "user"}), 200)
    await within_a_second(pat, "/api/admin/users", lambda r: r.status_code == 403)


async def test_disable_ends_sessions_and_sign_in_says_so_only_to_the_owner(
    make_client: MakeClient,
) -> None:
    admin = await make_client()
    await as_admin(admin)
    pat, pat_id = await person(make_client)
    email = envelope(await pat.get("/api/auth/current-user"), 200)["data"]["email"]
    envelope(await admin.post(f"/api/admin/users/{pat_id}/disable"), 200)
    await within_a_second(pat, "/api/auth/current-user", lambda r: r.status_code == 401)
    envelope(await pat.post("/api/auth/refresh"), 401)
    wrong = await pat.post("/api/auth/login", json={"email": email, "password": "wrong one!"})
    envelope(wrong, 401, "invalid_credentials")
    right = await pat.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    envelope(right, 403, "account_disabled")
    envelope(await admin.post(f"/api/admin/users/{pat_id}/enable"), 200)
    envelope(await pat.post("/api/auth/login", json={"email": email, "password": PASSWORD}), 200)
    own = envelope(await pat.get("/api/users/me/security-events"), 200)["data"]
    disabled = [e for e in own if e["event"] == "admin_user_disabled"]
    assert disabled and disabled[0]["actor_id"] is not None


async def test_reset_and_delete_leave_the_trail(make_client: MakeClient) -> None:
    admin = await make_client()
    await as_admin(admin)
    admin_id = envelope(await admin.get("/api/auth/current-user"), 200)["data"]["user_id"]
    pat, pat_id = await person(make_client)
    envelope(await admin.post(f"/api/admin/users/{pat_id}/password-reset"), 202)
    await within_a_second(pat, "/api/auth/current-user", lambda r: r.status_code == 401)
    sessions = envelope(await admin.get(f"/api/admin/users/{pat_id}/sessions"), 200)["data"]
    assert sessions == []
    envelope(await admin.request("DELETE", f"/api/admin/users/{pat_id}"), 200)
    envelope(await admin.get(f"/api/admin/users/{pat_id}"), 404, "user_not_found")
    page = envelope(await admin.get("/api/admin/events", params={"user_id": pat_id}), 200)
    events = page["data"]["items"]
    assert [e["event"] for e in events][:2] == ["admin_user_deleted", "admin_password_reset"]
    assert {e["actor_id"] for e in events[:2]} == {admin_id}
    assert all(e["user_id"] == pat_id for e in events)


async def test_ending_one_session_of_a_person(make_client: MakeClient) -> None:
    admin = await make_client()
    await as_admin(admin)
    pat, pat_id = await person(make_client)
    (session,) = envelope(await admin.get(f"/api/admin/users/{pat_id}/sessions"), 200)["data"]
    path = f"/api/admin/users/{pat_id}/sessions/{session['session_id']}"
    envelope(await admin.request("DELETE", path), 200)
    await within_a_second(pat, "/api/auth/current-user", lambda r: r.status_code == 401)
    envelope(await admin.request("DELETE", path), 404, "session_not_found")


async def test_events_page_newest_first_across_pages(make_client: MakeClient) -> None:
    admin = await make_client()
    await as_admin(admin)
    seen: list[str] = []
    cursor = None
    for _ in range(50):
        params: dict[str, Any] = {"limit": 7}
        if cursor:
            params["cursor"] = cursor
        data = envelope(await admin.get("/api/admin/events", params=params), 200)["data"]
        seen += [f"{e['created_at']}|{e['event']}|{e['user_id']}" for e in data["items"]]
        cursor = data["next_cursor"]
        if cursor is None:
            break
    times = [s.split("|")[0] for s in seen]
    assert times == sorted(times, reverse=True)


# A database of its own: "the last admin" counts every admin in it.
@pytest.fixture(params=["sqlite", "postgresql"])
def own_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'own.db'}"
        asyncio.run(upgrade(url))
        yield url
        return
    base = require(PG_URL, "AUTHGATE_TEST_DATABASE_URL (PostgreSQL)")
    name = f"authgate_admin_{uuid.uuid4().hex[:12]}"
    pg_admin(base, f'CREATE DATABASE "{name}"')
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    asyncio.run(upgrade(url))
    yield url
    pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def own_app(own_database: str, tmp_path: Path) -> AsyncIterator[Container]:
    container = build_container(make_settings(tmp_path, own_database))
    yield container
    await container.close()


def client_of(container: Container) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(container=container), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def admin_client(container: Container) -> tuple[httpx.AsyncClient, str]:
    client = client_of(container)
    email = unique_email("admin")
    user_id = (await signup(client, email))["user_id"]
    await container.admin.set_role(SetRole(email, "admin"))
    envelope(await client.post("/api/auth/login", json={"email": email, "password": PASSWORD}), 200)
    return client, user_id


async def test_the_last_admin_stays(own_app: Container) -> None:
    admin, admin_id = await admin_client(own_app)
    for method, path, body in (
        ("PATCH", f"/api/admin/users/{admin_id}", {"role": "user"}),
        ("POST", f"/api/admin/users/{admin_id}/disable", None),
        ("DELETE", f"/api/admin/users/{admin_id}", None),
    ):
        envelope(await admin.request(method, path, json=body), 409, "last_admin")
    with pytest.raises(Exception, match="last administrator"):
        email = envelope(await admin.get("/api/auth/current-user"), 200)["data"]["email"]
        await own_app.admin.set_role(SetRole(email, "user"))


async def test_two_admins_demoting_each_other_at_once_leave_one(own_app: Container) -> None:
    first, first_id = await admin_client(own_app)
    second, second_id = await admin_client(own_app)
    results = await asyncio.gather(
        first.patch(f"/api/admin/users/{second_id}", json={"role": "user"}),
        second.patch(f"/api/admin/users/{first_id}", json={"role": "user"}),
    )
    assert sorted(r.status_code for r in results) in ([200, 403], [200, 409]), [
        r.text for r in results
    ]
    async with own_app.uow() as uow:
        admins = await uow.users.admins_for_update()
    assert len(admins) == 1


async def test_ten_thousand_people_page_through_exactly_once(own_app: Container) -> None:
    admin, _ = await admin_client(own_app)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "email": f"bulk-{i:05d}@example.com",
            "name": f"Bulk {i}",
            "password_hash": None,
            "email_verified": False,
            "role": "user",
            "created_at": start + timedelta(seconds=i // 3),  # ties: the id breaks them
        }
        for i in range(10_000)
    ]
    engine = create_engine(own_app.settings.effective_database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(insert(t.users), rows)
    finally:
        await engine.dispose()
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 100, "query": "bulk-"}
        if cursor:
            params["cursor"] = cursor
        data = envelope(await admin.get("/api/admin/users", params=params), 200)["data"]
        seen += [u["email"] for u in data["items"]]
        cursor = data["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 10_000 and len(set(seen)) == 10_000
