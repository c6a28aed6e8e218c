"""The OpenID provider the OIDC tests run against (tests/oidc_provider.py), tested on its own:
discovery, the authorization code flow with PKCE through Authlib, the claims of the ID token,
the error redirects, the test controls, and that its process is gone afterwards."""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.errors import BadSignatureError, ExpiredTokenError, InvalidClaimError
from joserfc.jwk import KeySet

from tests.oidc_provider import (
    OidcProvider,
    ProviderBrowser,
    ProviderStartError,
    cancel,
    oidc_client,
    query,
    rejected,
    sign_in,
)

REDIRECT = "http://127.0.0.1:9/api/auth/oidc/test/callback"
ACCOUNTS = {
    "alice": {"email": "alice@example.com", "email_verified": True, "name": "Alice Liddell"},
    "bob": {"email": "bob@example.com", "email_verified": False, "name": "Bob"},
}


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    clients = [
        oidc_client("basic-client", "basic-secret", REDIRECT),
        oidc_client("post-client", "post-secret", REDIRECT, "client_secret_post"),
    ]
    with OidcProvider(clients, ACCOUNTS) as op:
        yield op


def discovery(op: OidcProvider) -> dict[str, Any]:
    return dict(httpx.get(op.discovery_url, timeout=10).json())


def start(op: OidcProvider, client_id: str = "basic-client", **kwargs: Any) -> dict[str, Any]:
    meta = discovery(op)
    secret = {"basic-client": "basic-secret", "post-client": "post-secret"}[client_id]
    client = OAuth2Client(
        client_id,
        secret,
        scope="openid email profile",
        redirect_uri=REDIRECT,
        code_challenge_method="S256",
        token_endpoint_auth_method=kwargs.pop("auth_method", "client_secret_basic"),
    )
    verifier = secrets.token_urlsafe(48)
    nonce = secrets.token_urlsafe(16)
    url, state = client.create_authorization_url(
        meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )
    return {
        "meta": meta,
        "client": client,
        "verifier": verifier,
        "nonce": nonce,
        "url": url,
        "state": state,
    }


def finish(flow: dict[str, Any], callback: str) -> dict[str, Any]:
    client: OAuth2Client = flow["client"]
    token = client.fetch_token(
        flow["meta"]["token_endpoint"],
        authorization_response=callback,
        state=flow["state"],
        code_verifier=flow["verifier"],
    )
    client.close()
    return dict(token)


def verify(op: OidcProvider, flow: dict[str, Any], id_token: str) -> dict[str, Any]:
    keys = KeySet.import_key_set(httpx.get(flow["meta"]["jwks_uri"], timeout=10).json())
    token = jwt.decode(id_token, keys, algorithms=["RS256", "ES256"])
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": op.issuer},
        aud={"essential": True, "value": flow["client"].client_id},
        nonce={"essential": True, "value": flow["nonce"]},
        exp={"essential": True},
        iat={"essential": True},
    ).validate(token.claims)
    return dict(token.claims)


def unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and claims of a JWT, not verified."""
    header, payload = (
        json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        for part in token.split(".")[:2]
    )
    return header, payload


def test_discovery(provider: OidcProvider) -> None:
    meta = discovery(provider)
    assert provider.issuer == f"http://127.0.0.1:{provider.port}"
    assert meta["issuer"] == provider.issuer
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert {"openid", "email", "profile"} <= set(meta["scopes_supported"])
    assert {"client_secret_basic", "client_secret_post"} <= set(
        meta["token_endpoint_auth_methods_supported"]
    )
    assert "RS256" in meta["id_token_signing_alg_values_supported"]
    jwks = httpx.get(meta["jwks_uri"], timeout=10).json()
    assert {k["kty"] for k in jwks["keys"]} == {"RSA", "EC"}
    assert all("d" not in k for k in jwks["keys"])


@pytest.mark.parametrize(
    ("client_id", "auth_method"),
    [("basic-client", "client_secret_basic"), ("post-client", "client_secret_post")],
)
def test_code_flow_with_pkce_gives_the_accounts_claims(
    provider: OidcProvider, client_id: str, auth_method: str
) -> None:
    flow = start(provider, client_id, auth_method=auth_method)
    assert query(flow["url"])["code_challenge_method"] == "S256"
    callback = sign_in(flow["url"], "alice")
    assert callback.startswith(REDIRECT + "?")
    params = query(callback)
    assert params["state"] == flow["state"]
    assert params["iss"] == provider.issuer
    token = finish(flow, callback)
    claims = verify(provider, flow, token["id_token"])
    assert claims["sub"] == "alice"
    assert claims["email"] == "alice@example.com"
    assert claims["email_verified"] is True
    assert claims["name"] == "Alice Liddell"
    assert claims["nonce"] == flow["nonce"]
    assert unverified(token["id_token"])[0]["alg"] == "RS256"


def test_unverified_email_is_reported_as_such(provider: OidcProvider) -> None:
    flow = start(provider)
    claims = verify(provider, flow, finish(flow, sign_in(flow["url"], "bob"))["id_token"])
    assert (claims["sub"], claims["email"], claims["email_verified"]) == (
        "bob",
        "bob@example.com",
        False,
    )


def test_unknown_login_signs_in_without_email(provider: OidcProvider) -> None:
    flow = start(provider)
    claims = verify(provider, flow, finish(flow, sign_in(flow["url"], "carol"))["id_token"])
    assert claims["sub"] == "carol"
    assert "email" not in claims
    assert "email_verified" not in claims


def test_a_code_is_single_use(provider: OidcProvider) -> None:
    flow = start(provider)
    callback = sign_in(flow["url"], "alice")
    finish(flow, callback)
    again = start(provider)
    again["state"], again["verifier"] = flow["state"], flow["verifier"]
    with pytest.raises(Exception, match="invalid_grant"):
        finish(again, callback)


def test_second_flow_in_the_same_browser_skips_login(provider: OidcProvider) -> None:
    with ProviderBrowser(provider.issuer) as browser:
        first = start(provider)
        finish(first, browser.sign_in(first["url"], "alice"))
        second = start(provider)
        # Already signed in and consented: a redirect straight back, whatever login is given.
        callback = browser.follow(second["url"])
        claims = verify(provider, second, finish(second, callback)["id_token"])
        assert claims["sub"] == "alice"


def test_the_pages_load_nothing_from_the_internet(provider: OidcProvider) -> None:
    flow = start(provider)
    with ProviderBrowser(provider.issuer) as browser:
        page = browser.http.get(flow["url"], follow_redirects=True)
        assert 'name="login"' in page.text
        assert "@import" not in page.text
        assert "https://" not in page.text


def test_cancel_on_the_login_page(provider: OidcProvider) -> None:
    flow = start(provider)
    params = query(cancel(flow["url"]))
    assert params["error"] == "access_denied"
    assert params["state"] == flow["state"]
    assert "code" not in params


def test_cancel_on_the_consent_page(provider: OidcProvider) -> None:
    flow = start(provider)
    params = query(cancel(flow["url"], login="alice"))
    assert params["error"] == "access_denied"
    assert params["state"] == flow["state"]


def test_requests_the_provider_rejects(provider: OidcProvider) -> None:
    flow = start(provider)
    params = query(rejected(flow["url"]))  # prompt=none without a provider session
    assert (params["error"], params["state"]) == ("login_required", flow["state"])
    params = query(rejected(flow["url"], code_challenge=None, code_challenge_method=None))
    assert params["error"] == "invalid_request"
    assert "PKCE" in params["error_description"]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"claims": {"aud": "someone-else"}}, InvalidClaimError),
        ({"claims": {"iss": "http://127.0.0.1:1"}}, InvalidClaimError),
        ({"claims": {"nonce": "another-nonce"}}, InvalidClaimError),
        ({"exp_in": -600}, ExpiredTokenError),
        ({"signature": "corrupt"}, BadSignatureError),
    ],
)
def test_tampered_id_tokens(
    provider: OidcProvider, change: dict[str, Any], error: type[Exception]
) -> None:
    flow = start(provider)
    callback = sign_in(flow["url"], "alice")
    provider.tamper_id_token(**change)
    id_token = finish(flow, callback)["id_token"]
    with pytest.raises(error):
        verify(provider, flow, id_token)
    # Only the next token response is changed.
    flow = start(provider)
    assert verify(provider, flow, finish(flow, sign_in(flow["url"], "alice"))["id_token"])


def test_id_token_from_an_unknown_key(provider: OidcProvider) -> None:
    flow = start(provider)
    callback = sign_in(flow["url"], "alice")
    provider.tamper_id_token(signature="unknown_key")
    id_token = finish(flow, callback)["id_token"]
    kid = unverified(id_token)[0]["kid"]
    jwks = httpx.get(flow["meta"]["jwks_uri"], timeout=10).json()
    assert kid not in {k["kid"] for k in jwks["keys"]}


def test_key_rotation_and_request_counts(provider: OidcProvider) -> None:
    flow = start(provider)
    callback = sign_in(flow["url"], "alice")  # a flow that straddles the rotation
    old = {k["kid"] for k in httpx.get(flow["meta"]["jwks_uri"], timeout=10).json()["keys"]}
    provider.reset_stats()
    kids = provider.rotate_keys()
    assert set(kids[2:]) == old and not set(kids[:2]) & old
    id_token = finish(flow, callback)["id_token"]
    assert unverified(id_token)[0]["kid"] in kids[:2]
    verify(provider, flow, id_token)
    assert provider.stats()["token"] == 1
    assert provider.stats()["jwks"] == 1


def test_id_token_lifetime_and_the_process_is_gone_afterwards() -> None:
    client = oidc_client("c", "s", REDIRECT)
    with OidcProvider([client], ACCOUNTS, id_token_ttl=5) as op:
        pid = op.pid
        meta = discovery(op)
        oauth = OAuth2Client(
            "c", "s", scope="openid email", redirect_uri=REDIRECT, code_challenge_method="S256"
        )
        verifier = secrets.token_urlsafe(48)
        url, _ = oauth.create_authorization_url(
            meta["authorization_endpoint"], code_verifier=verifier, nonce="n"
        )
        callback = sign_in(url, "alice")
        token = oauth.fetch_token(
            meta["token_endpoint"], authorization_response=callback, code_verifier=verifier
        )
        oauth.close()
        claims = unverified(token["id_token"])[1]
        assert claims["exp"] - claims["iat"] == 5
        assert "name" not in claims  # only the scopes asked for
        assert claims["email"] == "alice@example.com"
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(httpx.TransportError):
        httpx.get(meta["issuer"], timeout=2)


def test_a_bad_client_fails_the_start(tmp_path: Path) -> None:
    op = OidcProvider([{"client_id": "no-secret"}], log_path=tmp_path / "op.log")
    try:
        with pytest.raises(ProviderStartError, match="client_secret is mandatory"):
            op.start()
        assert op._proc is None
    finally:
        op.stop()
