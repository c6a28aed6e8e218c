"""Passkeys through HTTP with real WebAuthn payloads (a software authenticator signs
them with ES256), on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import jwt

from tests.api.conftest import PASSWORD, MakeClient, envelope, signed_in, unique_email
from tests.soft_authenticator import SoftAuthenticator, b64url
from tests.unit.fakes import FakeClock

ORIGIN = "http://testserver"  # the public URL of the API tests' app


async def creation_options(client: httpx.AsyncClient) -> dict[str, Any]:
    resp = await client.post("/api/users/me/passkeys/options", json={"current_password": PASSWORD})
    options: dict[str, Any] = envelope(resp, 200)["data"]["options"]
    return options


async def add_passkey(
    client: httpx.AsyncClient, key: SoftAuthenticator, name: str = "Laptop"
) -> dict[str, Any]:
    credential = key.create(await creation_options(client), ORIGIN)
    resp = await client.post(
        "/api/users/me/passkeys", json={"credential": credential, "name": name}
    )
    data: dict[str, Any] = envelope(resp, 201)["data"]
    return data


async def passkey_login(
    client: httpx.AsyncClient, key: SoftAuthenticator, **forge: Any
) -> httpx.Response:
    resp = await client.post("/api/auth/passkey/options")
    data = envelope(resp, 200)["data"]
    credential = key.get(data["options"], forge.pop("origin", ORIGIN), **forge)
    body = {"challenge_token": data["challenge_token"], "credential": credential}
    return await client.post("/api/auth/passkey/login", json=body)


async def test_add_a_passkey_then_sign_in_with_it_and_nothing_else(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    email = await signed_in(client)
    options = await creation_options(client)
    assert options["rp"] == {"id": "testserver", "name": "authgate"}
    selection = options["authenticatorSelection"]
    assert (selection["residentKey"], selection["userVerification"]) == ("required", "required")
    key = SoftAuthenticator()
    credential = key.create(options, ORIGIN)
    resp = await client.post("/api/users/me/passkeys", json={"credential": credential})
    added = envelope(resp, 201)["data"]
    assert added["name"] == "Passkey" and added["last_used_at"] is None

    visitor = await make_client()
    login = await passkey_login(visitor, key)
    data = envelope(login, 200)["data"]
    assert data["user"]["email"] == email and "mfa_required" not in data
    claims = jwt.decode(visitor.cookies["access-token"], options={"verify_signature": False})
    assert claims["amr"] == ["passkey"]
    listed = envelope(await client.get("/api/users/me/passkeys"), 200)["data"]
    assert [p["passkey_id"] for p in listed] == [added["passkey_id"]]
    assert listed[0]["last_used_at"] is not None
    request_options = envelope(await visitor.post("/api/auth/passkey/options"), 200)["data"]
    assert (
        "allowCredentials" not in request_options["options"]
        or not request_options["options"]["allowCredentials"]
    )


async def test_existing_passkeys_are_excluded(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    key = SoftAuthenticator()
    added = await add_passkey(client, key)
    excluded = (await creation_options(client))["excludeCredentials"]
    assert [c["id"] for c in excluded] == [b64url(cid) for cid in key.credentials]
    assert added["passkey_id"]


async def test_a_wrong_origin_or_rp_id_is_invalid_passkey(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    key = SoftAuthenticator()
    for forged in ({"origin": "http://evil.example"}, {"rp_id": "evil.example"}):
        options = await creation_options(client)
        credential = key.create(options, forged.get("origin", ORIGIN), forged.get("rp_id"))
        resp = await client.post("/api/users/me/passkeys", json={"credential": credential})
        envelope(resp, 400, "invalid_passkey")
    assert envelope(await client.get("/api/users/me/passkeys"), 200)["data"] == []


async def test_a_challenge_is_single_use_and_expires(make_client: MakeClient) -> None:
    clock = FakeClock(datetime.now(UTC))
    client = await make_client(clock=clock)
    await signed_in(client)
    key = SoftAuthenticator()
    options = await creation_options(client)
    first = key.create(options, ORIGIN)
    envelope(await client.post("/api/users/me/passkeys", json={"credential": first}), 201)
    again = SoftAuthenticator().create(options, ORIGIN)
    envelope(
        await client.post("/api/users/me/passkeys", json={"credential": again}),
        400,
        "invalid_passkey",
    )

    stale = SoftAuthenticator().create(await creation_options(client), ORIGIN)
    clock.advance(minutes=5, seconds=1)
    resp = await client.post("/api/users/me/passkeys", json={"credential": stale})
    envelope(resp, 400, "invalid_passkey")

    resp = await client.post("/api/auth/passkey/options")
    data = envelope(resp, 200)["data"]
    assertion = key.get(data["options"], ORIGIN)
    body = {"challenge_token": data["challenge_token"], "credential": assertion}
    envelope(await client.post("/api/auth/passkey/login", json=body), 200)
    envelope(await client.post("/api/auth/passkey/login", json=body), 401, "invalid_passkey")


async def test_sign_in_refuses_forged_answers(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    await signed_in(client)
    key = SoftAuthenticator()
    await add_passkey(client, key)
    visitor = await make_client()
    envelope(
        await passkey_login(visitor, key, origin="http://evil.example"), 401, "invalid_passkey"
    )
    envelope(await passkey_login(visitor, key, rp_id="evil.example"), 401, "invalid_passkey")
    stranger = SoftAuthenticator()
    stranger.create({**await creation_options(client), "excludeCredentials": []}, ORIGIN)
    envelope(await passkey_login(visitor, stranger), 401, "invalid_passkey")  # never registered


async def test_another_persons_user_handle_is_refused(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    await signed_in(client)
    key = SoftAuthenticator()
    await add_passkey(client, key)
    other = await make_client()
    await signed_in(other)
    other_id = envelope(await other.get("/api/auth/current-user"), 200)["data"]["user_id"]
    next(iter(key.credentials.values())).user_handle = uuid.UUID(other_id).bytes
    visitor = await make_client()
    envelope(await passkey_login(visitor, key), 401, "invalid_passkey")


async def test_a_counter_that_goes_backwards_is_refused_and_recorded(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    await signed_in(client)
    key = SoftAuthenticator()
    await add_passkey(client, key)
    visitor = await make_client()
    envelope(await passkey_login(visitor, key, sign_count=7), 200)
    envelope(await passkey_login(visitor, key, sign_count=3), 401, "invalid_passkey")
    events = envelope(await client.get("/api/users/me/security-events"), 200)["data"]
    assert "passkey_counter_regressed" in [e["event"] for e in events]
    envelope(await passkey_login(visitor, key, sign_count=8), 200)


async def test_passkey_signup_makes_an_account_without_a_password(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    email = unique_email("pat")
    resp = await client.post("/api/auth/signup/passkey", json={"name": "Pat", "email": email})
    data = envelope(resp, 200)["data"]
    key = SoftAuthenticator()
    credential = key.create(data["options"], ORIGIN)
    body = {"challenge_token": data["challenge_token"], "credential": credential}
    finish = await client.post("/api/auth/signup/passkey/finish", json=body)
    created = envelope(finish, 201)["data"]
    assert created["user"]["email"] == email and "set-cookie" in finish.headers
    security = envelope(await client.get("/api/users/me/security"), 200)["data"]
    assert (security["has_password"], security["passkeys"]) == (False, 1)
    (only,) = envelope(await client.get("/api/users/me/passkeys"), 200)["data"]
    resp = await client.request("DELETE", f"/api/users/me/passkeys/{only['passkey_id']}")
    envelope(resp, 409, "last_sign_in_method")
    resp = await client.post(
        "/api/users/me/password", json={"new_password": "a brand new river song"}
    )
    envelope(resp, 200)
    resp = await client.request(
        "DELETE",
        f"/api/users/me/passkeys/{only['passkey_id']}",
        json={"current_password": "a brand new river song"},
    )
    envelope(resp, 200)
    again = await client.post("/api/auth/signup/passkey", json={"name": "Pat", "email": email})
    data = envelope(again, 200)["data"]
    body = {
        "challenge_token": data["challenge_token"],
        "credential": key.create(data["options"], ORIGIN),
    }
    envelope(await client.post("/api/auth/signup/passkey/finish", json=body), 409, "email_taken")


async def test_rename_and_remove_a_passkey(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    await signed_in(client)
    added = await add_passkey(client, SoftAuthenticator())
    path = f"/api/users/me/passkeys/{added['passkey_id']}"
    renamed = envelope(await client.patch(path, json={"name": "Phone"}), 200)["data"]
    assert renamed["name"] == "Phone"
    other = await make_client()
    await signed_in(other)
    envelope(await other.patch(path, json={"name": "Mine"}), 404, "passkey_not_found")
    resp = await client.request("DELETE", path, json={"current_password": "wrong password!"})
    envelope(resp, 400, "invalid_current_password")
    envelope(await client.request("DELETE", path, json={"current_password": PASSWORD}), 200)
    envelope(
        await client.request("DELETE", path, json={"current_password": PASSWORD}),
        404,
        "passkey_not_found",
    )
    events = [
        e["event"] for e in envelope(await client.get("/api/users/me/security-events"), 200)["data"]
    ]
    assert {"passkey_added", "passkey_removed"} <= set(events)


async def test_malformed_credentials_are_invalid_not_500(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    for credential in ({}, {"id": "x"}, {"response": "nope"}, {"rawId": 5, "response": {}}):
        await creation_options(client)
        resp = await client.post("/api/users/me/passkeys", json={"credential": credential})
        envelope(resp, 400, "invalid_passkey")
        data = envelope(await client.post("/api/auth/passkey/options"), 200)["data"]
        body = {"challenge_token": data["challenge_token"], "credential": credential}
        envelope(await client.post("/api/auth/passkey/login", json=body), 401, "invalid_passkey")
