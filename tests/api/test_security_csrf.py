"""CSRF defence (origin check and Fetch Metadata) and JSON-only bodies."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import PASSWORD, envelope, signed_in, signup, unique_email

FOREIGN = {"Origin": "https://evil.example"}
CROSS_SITE = {"Sec-Fetch-Site": "cross-site"}
SAME_ORIGIN = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


async def session_id(client: httpx.AsyncClient) -> str:
    sessions = envelope(await client.get("/api/auth/sessions"), 200)["data"]
    return str(sessions[0]["session_id"])


async def cookie_requests(client: httpx.AsyncClient, email: str) -> list[tuple[str, str, Any]]:
    """State-changing requests that ride on the session cookies (or would set them)."""
    return [
        ("POST", "/api/auth/login", {"email": email, "password": PASSWORD}),
        ("POST", "/api/auth/signup", {"name": "E", "email": unique_email(), "password": PASSWORD}),
        ("POST", "/api/auth/refresh", None),
        ("POST", "/api/auth/logout", None),
        ("POST", "/api/auth/logout-all", None),
        ("DELETE", f"/api/auth/sessions/{await session_id(client)}", None),
        ("PATCH", "/api/users/me", {"name": "Mallory"}),
    ]


@pytest.mark.parametrize("hostile", [FOREIGN, CROSS_SITE], ids=["origin", "fetch-metadata"])
async def test_cross_site_cookie_requests_are_refused(
    client: httpx.AsyncClient, hostile: dict[str, str]
) -> None:
    email = await signed_in(client)
    for method, path, body in await cookie_requests(client, email):
        resp = await client.request(method, path, json=body, headers=hostile)
        envelope(resp, 403, "csrf_rejected")
    envelope(await client.get("/api/auth/current-user"), 200)  # nothing was ended


async def test_same_origin_cookie_requests_pass(client: httpx.AsyncClient) -> None:
    email = await signed_in(client)
    resp = await client.post(
        "/api/auth/login", json={"email": email, "password": PASSWORD}, headers=SAME_ORIGIN
    )
    envelope(resp, 200)
    envelope(await client.post("/api/auth/refresh", headers=SAME_ORIGIN), 200)
    envelope(await client.post("/api/auth/logout-all", headers=SAME_ORIGIN), 200)


async def test_an_allowed_origin_passes(make_client: Any) -> None:
    client = await make_client(allowed_origins="https://app.example, https://admin.example/")
    await signed_in(client)
    headers = {"Origin": "https://admin.example"}
    envelope(await client.post("/api/auth/refresh", headers=headers), 200)
    envelope(await client.post("/api/auth/refresh", headers=FOREIGN), 403, "csrf_rejected")


async def test_bearer_requests_are_not_subject_to_the_check(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    bearer = {"Authorization": f"Bearer {client.cookies.get('access-token')}"}
    client.cookies.clear()
    sid = await session_id_with(client, bearer)
    resp = await client.delete(f"/api/auth/sessions/{sid}", headers={**bearer, **FOREIGN})
    envelope(resp, 200)


async def session_id_with(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    data = envelope(await client.get("/api/auth/sessions", headers=headers), 200)["data"]
    return str(data[0]["session_id"])


async def test_reads_are_not_refused(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    envelope(await client.get("/api/auth/current-user", headers=FOREIGN), 200)


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data"]
)
@pytest.mark.parametrize("path", ["/api/auth/signup", "/api/auth/login", "/api/auth/refresh"])
async def test_json_endpoints_refuse_other_bodies(
    client: httpx.AsyncClient, path: str, content_type: str
) -> None:
    body = '{"name": "Ada", "email": "ada@example.com", "password": "a quiet meadow at dawn"}'
    resp = await client.post(path, content=body, headers={"Content-Type": content_type})
    envelope(resp, 415, "unsupported_media_type")


async def test_a_form_post_cannot_sign_anyone_up(client: httpx.AsyncClient) -> None:
    email = unique_email()
    form = {"name": "Ada", "email": email, "password": PASSWORD}
    envelope(await client.post("/api/auth/signup", data=form), 415, "unsupported_media_type")
    await signup(client, email)  # the address is still free


@pytest.mark.parametrize("hostile", [FOREIGN, CROSS_SITE], ids=["origin", "fetch-metadata"])
async def test_a_cross_site_form_cannot_guess_passwords_at_the_token_endpoint(
    client: httpx.AsyncClient, hostile: dict[str, str]
) -> None:
    email = unique_email()
    await signup(client, email)
    client.cookies.clear()  # a victim's browser with no session of ours
    form = {"grant_type": "password", "username": email, "password": PASSWORD}
    envelope(await client.post("/api/auth/token", data=form, headers=hostile), 403, "csrf_rejected")
    resp = await client.post("/api/auth/token", data=form)  # a plain API client passes
    assert resp.status_code == 200, resp.text


async def test_a_bearer_header_does_not_exempt_sign_in_endpoints(
    client: httpx.AsyncClient,
) -> None:
    email = await signed_in(client)
    bogus = {**FOREIGN, "Authorization": "Bearer not-a-token"}
    for method, path, body in await cookie_requests(client, email):
        if path in ("/api/auth/login", "/api/auth/signup", "/api/auth/refresh"):
            resp = await client.request(method, path, json=body, headers=bogus)
            envelope(resp, 403, "csrf_rejected")
    form = {"grant_type": "password", "username": email, "password": PASSWORD}
    resp = await client.post("/api/auth/token", data=form, headers=bogus)
    envelope(resp, 403, "csrf_rejected")
