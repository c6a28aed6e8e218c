"""Reuse detection over HTTP, and the plain OAuth 2 token endpoint."""

from __future__ import annotations

import asyncio

import httpx
import jwt

from tests.api.conftest import PASSWORD, MakeClient, envelope, signed_in, signup, unique_email


async def test_reused_refresh_token_ends_the_session(make_client: MakeClient) -> None:
    client = await make_client(refresh_reuse_grace_seconds=0)
    await signed_in(client)
    stolen = client.cookies.get("refresh-token", path="/api/auth")
    envelope(await client.post("/api/auth/refresh"), 200)  # the owner rotates
    newest = client.cookies.get("refresh-token", path="/api/auth")
    reused = await client.post("/api/auth/refresh", json={"refresh_token": stolen})
    envelope(reused, 401, "refresh_token_reused")
    after = await client.post("/api/auth/refresh", json={"refresh_token": newest})
    envelope(after, 401, "invalid_refresh_token")
    envelope(await client.get("/api/auth/current-user"), 401, "invalid_token")


async def test_concurrent_refreshes_within_grace_all_succeed(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    token = client.cookies.get("refresh-token", path="/api/auth")
    results = await asyncio.gather(
        *(client.post("/api/auth/refresh", json={"refresh_token": token}) for _ in range(5))
    )
    pairs = [envelope(r, 200)["data"] for r in results]
    assert len({p["refresh_token"] for p in pairs}) == 1  # one successor: the line never forks
    assert len({p["access_token"] for p in pairs}) == 5
    sids = {
        jwt.decode(p["access_token"], options={"verify_signature": False})["sid"] for p in pairs
    }
    assert len(sids) == 1


async def test_a_fork_within_grace_is_caught_as_reuse_later(make_client: MakeClient) -> None:
    """A copy of a rotated token replayed twice within the grace window gets the
    person's own successor; once the person has moved on past the window, the copy is
    reuse and ends the session, the person's newest tokens included."""
    client = await make_client(refresh_reuse_grace_seconds=1)
    await signed_in(client)
    stolen = client.cookies.get("refresh-token", path="/api/auth")
    envelope(await client.post("/api/auth/refresh"), 200)  # the person rotates T0 -> T1
    victim = client.cookies.get("refresh-token", path="/api/auth")
    forks = [await client.post("/api/auth/refresh", json={"refresh_token": stolen}) for _ in "ab"]
    copies = [envelope(r, 200)["data"] for r in forks]
    assert {c["refresh_token"] for c in copies} == {victim}
    await asyncio.sleep(1.2)
    envelope(await client.post("/api/auth/refresh"), 200)  # the person rotates T1 -> T2
    await asyncio.sleep(1.2)
    reused = await client.post(
        "/api/auth/refresh", json={"refresh_token": copies[1]["refresh_token"]}
    )
    envelope(reused, 401, "refresh_token_reused")
    envelope(await client.post("/api/auth/refresh"), 401)  # T2 ended with the session
    bearer = {"Authorization": f"Bearer {copies[0]['access_token']}"}
    envelope(await client.get("/api/auth/current-user", headers=bearer), 401, "invalid_token")


async def test_token_password_grant_and_refresh_grant(client: httpx.AsyncClient) -> None:
    email = unique_email()
    await signup(client, email)
    resp = await client.post(
        "/api/auth/token", data={"grant_type": "password", "username": email, "password": PASSWORD}
    )
    assert resp.status_code == 200 and "no-store" in resp.headers["cache-control"]
    body = resp.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 900
    assert not resp.headers.get_list("set-cookie")
    resp = await client.post(
        "/api/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": body["refresh_token"]},
    )
    assert resp.status_code == 200 and resp.json()["refresh_token"] != body["refresh_token"]


async def test_token_errors_speak_rfc_6749(client: httpx.AsyncClient) -> None:
    cases = [
        (
            {"grant_type": "password", "username": unique_email(), "password": "x" * 10},
            "invalid_grant",
        ),
        ({"grant_type": "refresh_token", "refresh_token": "nope" * 12}, "invalid_grant"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
        ({}, "invalid_request"),
        ({"grant_type": "password", "username": "a@example.com"}, "invalid_request"),
        ({"grant_type": "password", "username": "u" * 5000, "password": "p"}, "invalid_request"),
    ]
    for form, error in cases:
        resp = await client.post("/api/auth/token", data=form)
        assert resp.status_code == 400, (form, resp.text)
        assert resp.json()["error"] == error, (form, resp.text)
        assert "access_token" not in resp.json()


async def test_access_token_carries_the_contract_claims(client: httpx.AsyncClient) -> None:
    email = await signed_in(client)
    token = client.cookies.get("access-token")
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert header["alg"] == "ES256" and header["kid"]
    assert {"sub", "sid", "name", "email", "avatar_url", "iat", "exp", "iss", "aud", "jti"} <= set(
        claims
    )
    assert claims["email"] == email and claims["exp"] - claims["iat"] == 900


async def test_openapi_document_declares_the_oauth2_scheme(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/api/openapi.json")).json()
    schemes = doc["components"]["securitySchemes"]
    assert any(s["type"] == "oauth2" for s in schemes.values())
    assert "/api/auth/token" in doc["paths"]
    docs = await client.get("/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
