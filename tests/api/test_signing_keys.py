"""Signing keys through HTTP: the JWKS, the metadata, rotation without sign-outs,
HS256 when chosen, and the upgrade from HS256-only tokens; SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import jwt

from authgate.bootstrap import Container, build_container
from authgate.config import Settings
from authgate.infrastructure.db.migrate import upgrade
from authgate.presentation.app import create_app
from tests.api.conftest import MakeClient, container_of, envelope, signed_in
from tests.conftest import make_settings
from tests.unit.fakes import FakeClock

PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "k"}


def kid_of(client: httpx.AsyncClient) -> str:
    return str(jwt.get_unverified_header(client.cookies["access-token"])["kid"])


async def jwks(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    resp = await client.get("/.well-known/jwks.json")
    assert resp.status_code == 200 and resp.headers["cache-control"] == "public, max-age=300"
    keys: list[dict[str, Any]] = resp.json()["keys"]
    return keys


async def test_the_jwks_publishes_the_current_key_and_nothing_private(
    client: httpx.AsyncClient,
) -> None:
    await signed_in(client)
    published = await jwks(client)
    assert all(not PRIVATE_MEMBERS & set(k) for k in published)
    (key,) = [k for k in published if k["kid"] == kid_of(client)]
    assert (key["alg"], key["use"], key["kty"], key["crv"]) == ("ES256", "sig", "EC", "P-256")
    token = client.cookies["access-token"]
    claims = jwt.decode(
        token,
        jwt.PyJWK(key).key,
        algorithms=["ES256"],
        audience="authgate",
        issuer="http://testserver",
    )
    assert claims["sub"]


async def test_the_metadata_names_the_token_endpoint_and_the_jwks(
    client: httpx.AsyncClient,
) -> None:
    doc = (await client.get("/.well-known/oauth-authorization-server")).json()
    assert doc["issuer"] == "http://testserver"
    assert doc["token_endpoint"] == "http://testserver/api/auth/token"
    assert doc["jwks_uri"] == "http://testserver/.well-known/jwks.json"
    assert {"password", "refresh_token"} <= set(doc["grant_types_supported"])
    assert doc["token_endpoint_auth_methods_supported"] == ["none"]


async def test_rotation_publishes_first_signs_later_and_signs_nobody_out(
    make_client: MakeClient,
) -> None:
    clock = FakeClock(datetime.now(UTC))
    client = await make_client(clock=clock)
    await signed_in(client)
    old_kid, old_token = kid_of(client), client.cookies["access-token"]
    keys = container_of(client).keys
    upcoming = await keys.rotate()
    assert {old_kid, upcoming.kid} <= {k["kid"] for k in await jwks(client)}
    envelope(await client.post("/api/auth/refresh"), 200)
    assert kid_of(client) == old_kid, "the next key waits ten minutes before it signs"

    clock.advance(minutes=10)
    envelope(await client.post("/api/auth/refresh"), 200)
    new_kid = kid_of(client)
    assert new_kid != old_kid
    states = {k.kid: s for k, s in await keys.listed()}
    assert (states[old_kid], states[new_kid]) == ("previous", "current")
    resp = await client.get(
        "/api/auth/current-user", headers={"Authorization": f"Bearer {old_token}"}
    )
    envelope(resp, 200)  # a token of the previous key verifies until it expires

    clock.advance(minutes=15, seconds=1)
    published = {k["kid"] for k in await jwks(client)}
    assert new_kid in published and old_kid not in published
    assert {k.kid: s for k, s in await keys.listed()}[old_kid] == "retired"


async def test_rotate_now_signs_at_once(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    old = kid_of(client)
    key = await container_of(client).keys.rotate(now=True)
    envelope(await client.post("/api/auth/refresh"), 200)
    assert kid_of(client) == key.kid != old


async def test_eddsa_when_chosen(make_client: MakeClient) -> None:
    client = await make_client(jwt_algorithm="EdDSA")
    await signed_in(client)
    assert jwt.get_unverified_header(client.cookies["access-token"])["alg"] == "EdDSA"
    (key,) = [k for k in await jwks(client) if k["kid"] == kid_of(client)]
    assert (key["kty"], key["crv"], key["alg"]) == ("OKP", "Ed25519", "EdDSA")
    envelope(await client.get("/api/auth/current-user"), 200)


async def test_hs256_when_chosen_publishes_no_key(make_client: MakeClient) -> None:
    client = await make_client(jwt_algorithm="HS256")
    await signed_in(client)
    header = jwt.get_unverified_header(client.cookies["access-token"])
    assert header["alg"] == "HS256" and header["kid"].startswith("hs256-")
    assert all(k["kid"] != header["kid"] and "k" not in k for k in await jwks(client))
    envelope(await client.get("/api/auth/current-user"), 200)


def client_on(settings: Settings) -> httpx.AsyncClient:
    app = create_app(container=build_container(settings))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_an_hs256_deployment_upgrades_without_signing_anyone_out(tmp_path: Path) -> None:
    """A deployment of the HS256-only version (a database with no signing keys)."""
    fresh = f"sqlite+aiosqlite:///{tmp_path / 'v1.db'}"
    await upgrade(fresh)
    before = client_on(make_settings(tmp_path, fresh, jwt_algorithm="HS256"))
    await signed_in(before)
    hs_token = before.cookies["access-token"]
    after = client_on(make_settings(tmp_path, fresh))  # the same data, now ES256
    resp = await after.get(
        "/api/auth/current-user", headers={"Authorization": f"Bearer {hs_token}"}
    )
    envelope(resp, 200)
    after.cookies.update(before.cookies)
    envelope(await after.post("/api/auth/refresh"), 200)
    assert jwt.get_unverified_header(after.cookies["access-token"])["alg"] == "ES256"


async def test_a_key_sealed_under_another_secret_is_verified_but_not_used(
    tmp_path: Path,
) -> None:
    """A process with another master secret (a misconfiguration) cannot open the others'
    private keys: it verifies their tokens from the public part and signs with its own."""
    shared = f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
    await upgrade(shared)
    first = client_on(make_settings(tmp_path / "a", shared, secret_key="first-secret-" + "a" * 40))
    await signed_in(first)
    token = first.cookies["access-token"]
    other = client_on(make_settings(tmp_path / "b", shared, secret_key="other-secret-" + "b" * 40))
    resp = await other.get("/api/auth/current-user", headers={"Authorization": f"Bearer {token}"})
    envelope(resp, 200)
    await signed_in(other)
    assert kid_of(other) != kid_of(first)


async def test_a_key_made_by_another_process_verifies_at_once(tmp_path: Path) -> None:
    """`keys rotate --now` (or two workers making the first key at once): a token signed
    by a key this process has not loaded yet makes it read the keys again, once."""
    shared = f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
    await upgrade(shared)
    settings = make_settings(tmp_path, shared)
    here, there = build_container(settings), build_container(settings)
    try:
        await here.keys.ready()
        await there.keys.ready()
        newer = await there.keys.rotate(now=True)
        signer = client_of(there)
        await signed_in(signer)
        token = signer.cookies["access-token"]
        assert kid_of(signer) == newer.kid
        reader = client_of(here)  # its ring was loaded before the rotation
        resp = await reader.get(
            "/api/auth/current-user", headers={"Authorization": f"Bearer {token}"}
        )
        envelope(resp, 200)
    finally:
        await here.close()
        await there.close()


def client_of(container: Container) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(container=container), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")
