"""Signing keys with real processes: a separate resource server verifies authgate's
tokens from the JWKS alone (PyJWT's PyJWKClient), across a rotation; and a rotation
made by `authgate keys rotate` reaches every process within ten seconds."""

from __future__ import annotations

import subprocess
import time
import uuid
from pathlib import Path

import httpx
import jwt

from tests.servers import AUTHGATE, free_port, serve, serve_env

PASSWORD = "keys for every process"
PICKUP_SECONDS = 10
NO_LIMITS = {"AUTHGATE_RATE_LIMITS": "false"}


def api_token(base: str, email: str) -> str:
    """An access token for an API client (the OAuth 2 password grant)."""
    with httpx.Client(base_url=base, timeout=10) as client:
        client.post("/api/auth/signup", json={"name": "R", "email": email, "password": PASSWORD})
        form = {"grant_type": "password", "username": email, "password": PASSWORD}
        resp = client.post("/api/auth/token", data=form)
        assert resp.status_code == 200, resp.text
        return str(resp.json()["access_token"])


class ResourceServer:
    """Another service: it knows authgate's address and nothing else."""

    def __init__(self, base: str) -> None:
        metadata = httpx.get(f"{base}/.well-known/oauth-authorization-server").json()
        self.issuer = metadata["issuer"]
        # No cool-down between forced refetches: the test rotates with --now, which
        # gives verifiers no notice (a plain rotation publishes ten minutes ahead).
        self.jwks = jwt.PyJWKClient(metadata["jwks_uri"], cooldown_duration=0)

    def verify(self, token: str) -> dict[str, object]:
        key = self.jwks.get_signing_key_from_jwt(token)
        claims: dict[str, object] = jwt.decode(
            token,
            key.key,
            algorithms=["ES256", "EdDSA"],
            audience="authgate",
            issuer=self.issuer,
            options={"require": ["exp", "iss", "aud", "sub"]},
        )
        return claims


def rotate(env: dict[str, str], now: bool) -> str:
    """`authgate keys rotate`, as an operator runs it; returns the new kid."""
    args = [AUTHGATE, "keys", "rotate", *(["--now"] if now else [])]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout.split("Added key ", 1)[1].split(" ", 1)[0]


def published_kids(resource: ResourceServer) -> list[str | None]:
    return [k.key_id for k in resource.jwks.get_signing_keys(refresh=True)]


def kid_of(token: str) -> str:
    return str(jwt.get_unverified_header(token)["kid"])


def test_a_resource_server_verifies_from_the_jwks_across_a_rotation(tmp_path: Path) -> None:
    port = free_port()
    env = serve_env(tmp_path, AUTHGATE_PUBLIC_URL=f"http://127.0.0.1:{port}", **NO_LIMITS)
    with serve(env, tmp_path / "serve.log", workers=1, port=port) as base:
        resource = ResourceServer(base)
        before = api_token(base, f"r-{uuid.uuid4().hex[:8]}@example.com")
        assert resource.verify(before)["sub"]
        listed = subprocess.run(
            [AUTHGATE, "keys", "list"], env=env, capture_output=True, text=True, check=True
        ).stdout
        assert kid_of(before) in listed and "current" in listed and "PRIVATE" not in listed

        upcoming = rotate(env, now=False)
        deadline = time.monotonic() + PICKUP_SECONDS
        while upcoming not in published_kids(resource) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert upcoming in published_kids(resource), "published within 10 s, before it signs"
        assert kid_of(api_token(base, f"r-{uuid.uuid4().hex[:8]}@example.com")) != upcoming

        new_kid = rotate(env, now=True)
        deadline = time.monotonic() + PICKUP_SECONDS
        while True:
            after = api_token(base, f"r-{uuid.uuid4().hex[:8]}@example.com")
            if kid_of(after) == new_kid or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert kid_of(after) == new_kid, "the process signs with the rotated key within 10 s"
        assert resource.verify(after)["sub"]  # a kid it has not seen: fetched again
        assert resource.verify(before)["sub"]  # the previous key still verifies
        resp = httpx.get(
            f"{base}/api/auth/current-user", headers={"Authorization": f"Bearer {before}"}
        )
        assert resp.status_code == 200


def test_every_process_on_one_postgresql_picks_up_a_rotation(
    tmp_path: Path, pg_database_url: str
) -> None:
    env = serve_env(tmp_path, AUTHGATE_DATABASE_URL=pg_database_url, **NO_LIMITS)
    with (
        serve(env, tmp_path / "a.log", workers=2) as first,
        serve(env, tmp_path / "b.log", workers=1) as second,
    ):
        new_kid = rotate(env, now=True)
        started = time.monotonic()
        for base in (first, second):
            while True:  # several sign-ins in a row: each worker of the server answers some
                kids = {
                    kid_of(api_token(base, f"k-{uuid.uuid4().hex[:8]}@example.com"))
                    for _ in range(6)
                }
                if kids == {new_kid}:
                    break
                assert time.monotonic() - started < PICKUP_SECONDS, (base, kids, new_kid)
                time.sleep(0.5)
