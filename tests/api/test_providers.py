"""Sign-in through a real OpenID provider on loopback (panva's oidc-provider, started
by tests/oidc_provider.py), on SQLite and PostgreSQL: the linking rules and every
failure, each answered with a redirect."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest

from tests.api.conftest import PASSWORD, MakeClient, container_of, envelope, signed_in, unique_email
from tests.oidc_provider import OidcProvider, cancel, oidc_client, sign_in

CALLBACK = "http://testserver/api/auth/oidc/test/callback"
ACCOUNTS = {
    "ada": {"email": "ada-provider@example.com", "email_verified": True, "name": "Ada Provider"},
    "eve": {"email": "eve-unverified@example.com", "email_verified": False, "name": "Eve"},
    "grace": {"email": "grace-linked@example.com", "email_verified": True, "name": "Grace"},
}


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with OidcProvider(
        clients=[oidc_client("authgate", "s3cret", CALLBACK)], accounts=ACCOUNTS
    ) as op:
        yield op


@pytest.fixture
async def app_client(make_client: MakeClient, provider: OidcProvider) -> httpx.AsyncClient:
    config = [
        {
            "name": "test",
            "display_name": "Test Provider",
            "issuer": provider.issuer,
            "client_id": "authgate",
            "client_secret": "s3cret",
        }
    ]
    client: httpx.AsyncClient = await make_client(oidc_providers=json.dumps(config))
    return client


def error_of(resp: httpx.Response) -> tuple[str, str | None]:
    assert resp.status_code == 302, resp.text
    location = urlsplit(resp.headers["location"])
    return location.path, parse_qs(location.query).get("error", [None])[0]


async def authorize(client: httpx.AsyncClient, **params: str) -> str:
    resp = await client.get("/api/auth/oidc/test/authorize", params=params)
    assert resp.status_code == 302, resp.text
    assert "oidc-flow=" in resp.headers["set-cookie"] and "HttpOnly" in resp.headers["set-cookie"]
    return str(resp.headers["location"])


async def back(client: httpx.AsyncClient, callback_url: str) -> httpx.Response:
    """The provider's redirect, followed by the test's own browser (its cookies)."""
    return await client.get(callback_url.replace("http://testserver", ""))


async def full_trip(client: httpx.AsyncClient, login: str, **params: str) -> httpx.Response:
    return await back(client, sign_in(await authorize(client, **params), login))


async def test_the_provider_list(app_client: httpx.AsyncClient) -> None:
    data = envelope(await app_client.get("/api/auth/providers"), 200)["data"]
    assert data == [{"name": "test", "display_name": "Test Provider"}]
    resp = await app_client.get("/api/auth/oidc/nope/authorize")
    envelope(resp, 404, "provider_not_found")


async def test_a_new_person_signs_up_through_the_provider(app_client: httpx.AsyncClient) -> None:
    resp = await full_trip(app_client, "ada", next="/account")
    assert resp.status_code == 302 and resp.headers["location"] == "/account"
    me = envelope(await app_client.get("/api/auth/current-user"), 200)["data"]
    assert (me["email"], me["name"], me["email_verified"]) == (
        "ada-provider@example.com",
        "Ada Provider",
        True,
    )
    claims = jwt.decode(app_client.cookies["access-token"], options={"verify_signature": False})
    assert claims["amr"] == ["oidc:test"]
    security = envelope(await app_client.get("/api/users/me/security"), 200)["data"]
    assert (security["has_password"], security["identities"]) == (False, ["test"])
    app_client.cookies.clear()  # the same identity signs in to the same account again
    assert (await full_trip(app_client, "ada")).headers["location"] == "/"
    again = envelope(await app_client.get("/api/auth/current-user"), 200)["data"]
    assert again["user_id"] == me["user_id"]
    resp = await app_client.request("DELETE", "/api/users/me/identities/test")
    envelope(resp, 409, "last_sign_in_method")
    identities = envelope(await app_client.get("/api/users/me/identities"), 200)["data"]
    assert [(i["provider"], i["email"]) for i in identities] == [
        ("test", "ada-provider@example.com")
    ]


async def test_no_email_from_the_provider_is_oidc_email_missing(
    app_client: httpx.AsyncClient,
) -> None:
    assert error_of(await full_trip(app_client, "nobody-with-email")) == (
        "/login",
        "oidc_email_missing",
    )


async def test_an_unverified_local_account_is_not_taken_over(
    app_client: httpx.AsyncClient,
) -> None:
    """Someone signed up with Eve's address; the provider's say-so does not link it."""
    resp = await app_client.post(
        "/api/auth/signup",
        json={"name": "Squatter", "email": "eve-unverified@example.com", "password": PASSWORD},
    )
    assert resp.status_code in (201, 409)  # 409: an earlier run made it
    app_client.cookies.clear()
    assert error_of(await full_trip(app_client, "eve")) == ("/login", "oidc_account_exists")


async def test_an_existing_verified_account_is_linked(app_client: httpx.AsyncClient) -> None:
    email = "grace-linked@example.com"
    await app_client.post(
        "/api/auth/signup", json={"name": "Grace", "email": email, "password": PASSWORD}
    )  # 409 when an earlier run made it: the same account either way
    container = container_of(app_client)
    async with container.uow() as uow:
        user = await uow.users.get_by_email(email)
        assert user is not None
        user.verify_email(user.created_at)
        await uow.commit()
    app_client.cookies.clear()
    resp = await full_trip(app_client, "grace")
    assert resp.headers["location"] == "/"
    me = envelope(await app_client.get("/api/auth/current-user"), 200)["data"]
    assert me["user_id"] == str(user.id)


async def test_a_provider_is_linked_and_unlinked_from_the_account_page(
    app_client: httpx.AsyncClient,
) -> None:
    await signed_in(app_client)
    login = "linker-" + unique_email().split("@")[0]
    resp = await full_trip(app_client, login, intent="link", next="/account/security")
    assert resp.headers["location"] == "/account/security"
    security = envelope(await app_client.get("/api/users/me/security"), 200)["data"]
    assert security["identities"] == ["test"]
    events = envelope(await app_client.get("/api/users/me/security-events"), 200)["data"]
    assert "identity_linked" in [e["event"] for e in events]
    body = {"current_password": PASSWORD}
    resp = await app_client.request("DELETE", "/api/users/me/identities/test", json=body)
    envelope(resp, 200)
    assert envelope(await app_client.get("/api/users/me/identities"), 200)["data"] == []


async def test_an_identity_linked_elsewhere_is_refused_on_link(
    app_client: httpx.AsyncClient,
) -> None:
    await signed_in(app_client)
    login = "shared-" + unique_email().split("@")[0]
    assert (await full_trip(app_client, login, intent="link")).headers["location"] == "/"
    app_client.cookies.clear()
    await signed_in(app_client)
    assert error_of(await full_trip(app_client, login, intent="link")) == (
        "/account",
        "oidc_identity_in_use",
    )


async def test_linking_needs_a_session(app_client: httpx.AsyncClient) -> None:
    resp = await app_client.get("/api/auth/oidc/test/authorize", params={"intent": "link"})
    assert error_of(resp) == ("/account", "reauthentication_required")


async def test_a_state_works_once_and_only_in_its_browser(
    app_client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    callback = sign_in(await authorize(app_client), "ada")
    other_browser = await make_client()
    assert error_of(await back(other_browser, callback)) == ("/login", "oidc_state_invalid")
    assert error_of(await back(app_client, callback)) == ("/", None)  # its own browser
    assert error_of(await back(app_client, callback)) == ("/login", "oidc_state_invalid")
    assert error_of(await app_client.get("/api/auth/oidc/test/callback?code=x&state=made-up")) == (
        "/login",
        "oidc_state_invalid",
    )
    assert error_of(await app_client.get("/api/auth/oidc/test/callback")) == (
        "/login",
        "oidc_state_invalid",
    )


async def test_the_provider_saying_no_is_oidc_provider_error(app_client: httpx.AsyncClient) -> None:
    callback = cancel(await authorize(app_client))
    assert error_of(await back(app_client, callback)) == ("/login", "oidc_provider_error")


@pytest.mark.parametrize(
    "tamper",
    [
        {"signature": "corrupt"},
        {"signature": "unknown_key"},
        {"claims": {"aud": "someone-else"}},
        {"claims": {"iss": "https://evil.example"}},
        {"claims": {"nonce": "replayed-nonce"}},
        {"exp_in": -600},
    ],
    ids=["signature", "unknown-kid", "aud", "iss", "nonce", "expired"],
)
async def test_an_id_token_that_does_not_verify_is_oidc_token_invalid(
    app_client: httpx.AsyncClient, provider: OidcProvider, tamper: dict[str, Any]
) -> None:
    provider.tamper_id_token(**tamper)
    try:
        resp = await full_trip(app_client, "ada")
    finally:
        provider.clear_tamper()
    assert error_of(resp) == ("/login", "oidc_token_invalid")
    assert "access-token" not in app_client.cookies


async def test_a_code_that_does_not_exchange_is_oidc_token_invalid(
    app_client: httpx.AsyncClient,
) -> None:
    callback = sign_in(await authorize(app_client), "ada")
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    forged = f"/api/auth/oidc/test/callback?code=not-a-code&state={query['state'][0]}"
    assert error_of(await app_client.get(forged)) == ("/login", "oidc_token_invalid")


async def test_next_goes_nowhere_off_site(app_client: httpx.AsyncClient) -> None:
    for target in ("//evil.example", "https://evil.example/x", "/\\evil.example"):
        app_client.cookies.clear()
        resp = await full_trip(app_client, "ada", next=target)
        assert resp.headers["location"] == "/", target


async def test_provider_key_rotation_is_followed(
    app_client: httpx.AsyncClient, provider: OidcProvider
) -> None:
    await full_trip(app_client, "ada")  # discovery and JWKS are cached now
    provider.rotate_keys()
    provider.reset_stats()
    app_client.cookies.clear()
    resp = await full_trip(app_client, "ada")
    assert resp.headers["location"] == "/"
    assert provider.stats().get("jwks", 0) <= 1
