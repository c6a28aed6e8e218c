"""Forged, tampered and malformed tokens: always a 401, never a 5xx (OWASP JWT cheat sheet)."""

from __future__ import annotations

import base64
import hmac
import json
import time
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.api.conftest import container_of, envelope, signed_in
from tests.conftest import make_settings

CURRENT_USER = "/api/auth/current-user"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def encode_part(value: Any) -> str:
    return b64(json.dumps(value).encode())


def forge(header: dict[str, Any], claims: dict[str, Any], key: bytes | None = None) -> str:
    """A token signed as HS256 with `key` (or unsigned), whatever the header says."""
    signing_input = f"{encode_part(header)}.{encode_part(claims)}"
    signature = b"" if key is None else hmac.new(key, signing_input.encode(), "sha256").digest()
    return f"{signing_input}.{b64(signature)}"


@pytest.fixture
async def victim(client: httpx.AsyncClient, tmp_path: Path, database_url: str) -> dict[str, Any]:
    """A signed-in person: their real token, its claims, the server's master secret and
    its current signing key."""
    await signed_in(client)
    token = client.cookies.get("access-token")
    client.cookies.clear()
    return {
        "token": token,
        "claims": jwt.decode(token, options={"verify_signature": False}),
        "secret": make_settings(tmp_path, database_url).signing_secret().encode(),
        "key": container_of(client).key_ring.signer(),
    }


def signed(claims: dict[str, Any], key: Any, **header: Any) -> str:
    """A token properly signed with the server's own key (ES256, its kid)."""
    return jwt.encode(
        claims, key.signing, algorithm=key.algorithm, headers={"kid": key.kid, **header}
    )


async def assert_refused(
    client: httpx.AsyncClient, token: str, error: str = "invalid_token"
) -> None:
    for headers in ({"Authorization": f"Bearer {token}"}, {"Cookie": f"access-token={token}"}):
        resp = await client.get(CURRENT_USER, headers=headers)
        envelope(resp, 401, error)


async def test_the_real_token_works(client: httpx.AsyncClient, victim: dict[str, Any]) -> None:
    resp = await client.get(CURRENT_USER, headers={"Authorization": f"Bearer {victim['token']}"})
    envelope(resp, 200)


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
async def test_alg_none_is_refused_in_any_case(
    client: httpx.AsyncClient, victim: dict[str, Any], alg: str
) -> None:
    header = {"alg": alg, "typ": "JWT"}
    await assert_refused(client, forge(header, victim["claims"]))
    original_signature = victim["token"].rsplit(".", 1)[1]
    unsigned = forge(header, victim["claims"]).rstrip(".")
    await assert_refused(client, f"{unsigned}.{original_signature}")


async def test_a_tampered_payload_is_refused(
    client: httpx.AsyncClient, victim: dict[str, Any]
) -> None:
    header, _, signature = victim["token"].split(".")
    for change in ({"sub": "00000000-0000-0000-0000-000000000001"}, {"exp": 4102444800}):
        payload = encode_part({**victim["claims"], **change})
        await assert_refused(client, f"{header}.{payload}.{signature}")


async def test_a_stripped_signature_is_refused(
    client: httpx.AsyncClient, victim: dict[str, Any]
) -> None:
    header, payload, _ = victim["token"].split(".")
    for token in (f"{header}.{payload}.", f"{header}.{payload}", f"{header}.{payload}.AAAA"):
        await assert_refused(client, token)


@pytest.mark.parametrize("guess", [b"secret", b"", b"authgate", b"test", b"changeme"])
async def test_hs256_with_a_guessed_key_is_refused(
    client: httpx.AsyncClient, victim: dict[str, Any], guess: bytes
) -> None:
    await assert_refused(client, forge({"alg": "HS256", "typ": "JWT"}, victim["claims"], guess))


@pytest.mark.parametrize("alg", ["RS256", "ES256", "PS256", "EdDSA", "HS384", "HS512"])
async def test_other_algorithms_are_refused_even_with_the_real_key(
    client: httpx.AsyncClient, victim: dict[str, Any], alg: str
) -> None:
    """Algorithm confusion: the server must not let the header pick the algorithm."""
    await assert_refused(
        client, forge({"alg": alg, "typ": "JWT"}, victim["claims"], victim["secret"])
    )
    await assert_refused(client, forge({"alg": alg}, victim["claims"], b"public key bytes"))


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"iss": "someone-else"}, "invalid_token"),
        ({"aud": "another-service"}, "invalid_token"),
        ({"aud": ["another-service"]}, "invalid_token"),
        ({"exp": None}, "invalid_token"),
        ({"exp": "tomorrow"}, "invalid_token"),
        ({"sid": None}, "invalid_token"),
        ({"sub": "not-a-uuid"}, "invalid_token"),
        ({"nbf": time.time() + 3600}, "invalid_token"),
        ({"iat": time.time() + 3600}, "invalid_token"),
        ({"exp": int(time.time()) - 10}, "token_expired"),
    ],
)
async def test_validly_signed_but_wrong_claims_are_refused(
    client: httpx.AsyncClient, victim: dict[str, Any], change: dict[str, Any], error: str
) -> None:
    claims = {k: v for k, v in {**victim["claims"], **change}.items() if v is not None}
    await assert_refused(client, signed(claims, victim["key"]), error)


@pytest.mark.parametrize(
    ("kid", "key"),
    [
        ("../../../../../../dev/null", b""),
        ("/proc/self/environ", b""),
        ("x' UNION SELECT 'attacker-key' -- ", b"attacker-key"),
        ("k" * 10_000, b"secret"),
        ({"nested": ["object"]}, b"secret"),
    ],
    ids=["dev-null", "proc", "sql", "long", "object"],
)
async def test_odd_kid_headers_do_not_choose_the_key(
    client: httpx.AsyncClient, victim: dict[str, Any], kid: Any, key: bytes
) -> None:
    await assert_refused(client, forge({"alg": "HS256", "kid": kid}, victim["claims"], key))
    header = {"alg": "HS256", "jku": "https://evil.example/keys.json", "kid": "1"}
    await assert_refused(client, forge(header, victim["claims"], b"secret"))


@pytest.mark.parametrize(
    "token",
    [
        f"{b64(b'not json')}.{b64(b'{}')}.sig",
        f"{b64(b'[1, 2, 3]')}.{b64(b'{}')}.sig",
        f"{encode_part({'alg': 'HS256'})}.{b64(b'not json')}.sig",
        "....",
        "a.b.c.d.e",
        "%%%.%%%.%%%",
        "eyJ" + "A" * 200_000 + ".e30.sig",
    ],
    ids=["header-text", "header-array", "payload-text", "dots", "five-parts", "symbols", "huge"],
)
async def test_malformed_tokens_are_invalid_token(client: httpx.AsyncClient, token: str) -> None:
    await assert_refused(client, token)


async def test_non_ascii_bearer_bytes_are_refused(client: httpx.AsyncClient) -> None:
    resp = await client.get(CURRENT_USER, headers=[(b"authorization", "Bearer ä.ö.ü".encode())])
    envelope(resp, 401, "invalid_token")


@pytest.mark.parametrize(
    "value",
    ["garbage", "A" * 512, "\U0001f511" * 100, " ", "null"],
    ids=["garbage", "long", "emoji", "space", "null"],
)  # a NUL byte is a 422 (test_bad_input.py): no text field takes control characters
async def test_forged_refresh_tokens_are_invalid_refresh_token(
    client: httpx.AsyncClient, value: str
) -> None:
    resp = await client.post("/api/auth/refresh", json={"refresh_token": value})
    envelope(resp, 401, "invalid_refresh_token")
    grant = {"grant_type": "refresh_token", "refresh_token": value}
    resp = await client.post("/api/auth/token", data=grant)
    assert resp.status_code == 400 and resp.json()["error"] == "invalid_grant"


async def test_a_very_long_refresh_cookie_is_invalid_refresh_token(
    client: httpx.AsyncClient,
) -> None:
    resp = await client.post("/api/auth/refresh", headers={"Cookie": f"refresh-token={'A' * 4000}"})
    envelope(resp, 401, "invalid_refresh_token")


async def test_an_access_token_is_not_a_refresh_token(
    client: httpx.AsyncClient, victim: dict[str, Any]
) -> None:
    resp = await client.post("/api/auth/refresh", json={"refresh_token": victim["token"][:512]})
    envelope(resp, 401, "invalid_refresh_token")


def test_the_generated_secret_is_long_and_random(tmp_path: Path) -> None:
    first = make_settings(tmp_path / "a", "sqlite://", secret_key=None).signing_secret()
    second = make_settings(tmp_path / "b", "sqlite://", secret_key=None).signing_secret()
    assert len(first) >= 64 and first != second


async def test_a_refused_token_says_invalid_token_in_www_authenticate(
    client: httpx.AsyncClient,
) -> None:
    resp = await client.get(CURRENT_USER, headers={"Authorization": "Bearer not.a.token"})
    envelope(resp, 401, "invalid_token")
    assert resp.headers["www-authenticate"].startswith('Bearer error="invalid_token"')
    client.cookies.clear()
    resp = await client.get(CURRENT_USER)  # no token presented: no error code (RFC 6750 3.1)
    envelope(resp, 401, "not_authenticated")
    assert resp.headers["www-authenticate"] == "Bearer"


async def test_a_token_signed_with_the_servers_key_works(
    client: httpx.AsyncClient, victim: dict[str, Any]
) -> None:
    """The control for the forgeries here: the same key and claims verify."""
    resp = await client.get(
        CURRENT_USER, headers={"Authorization": f"Bearer {signed(victim['claims'], victim['key'])}"}
    )
    envelope(resp, 200)


async def test_the_public_key_as_an_hmac_secret_is_refused(
    client: httpx.AsyncClient, victim: dict[str, Any]
) -> None:
    """The classic confusion: HS256 keyed with the published public key."""
    jwks = (await client.get("/.well-known/jwks.json")).json()["keys"]
    public = victim["key"].verifying
    pem = public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    for secret in (pem, json.dumps(jwks[0]).encode(), jwks[0]["x"].encode()):
        header = {"alg": "HS256", "typ": "JWT", "kid": victim["key"].kid}
        await assert_refused(client, forge(header, victim["claims"], secret))


async def test_an_unknown_kid_or_another_alg_for_the_kid_is_refused(
    client: httpx.AsyncClient, victim: dict[str, Any]
) -> None:
    other = ec.generate_private_key(ec.SECP256R1())
    unknown = jwt.encode(victim["claims"], other, algorithm="ES256", headers={"kid": "not-ours"})
    await assert_refused(client, unknown)
    posing = jwt.encode(
        victim["claims"], other, algorithm="ES256", headers={"kid": victim["key"].kid}
    )
    await assert_refused(client, posing)
    ed = ed25519.Ed25519PrivateKey.generate()
    swapped = jwt.encode(
        victim["claims"], ed, algorithm="EdDSA", headers={"kid": victim["key"].kid}
    )
    await assert_refused(client, swapped)


async def test_an_hmac_token_made_after_the_upgrade_is_refused(
    client: httpx.AsyncClient, victim: dict[str, Any]
) -> None:
    """HS256 tokens signed with the master secret verify only if issued before the
    first asymmetric key (people stay signed in across the upgrade), never after."""
    await assert_refused(
        client, forge({"alg": "HS256", "typ": "JWT"}, victim["claims"], victim["secret"])
    )
