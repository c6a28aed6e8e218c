"""Security headers on every response, no-store on tokens, HSTS and docs switches."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import PASSWORD, MakeClient, envelope, signed_in, signup, unique_email

CSP_DIRECTIVES = ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'")


def assert_security_headers(resp: httpx.Response) -> None:
    headers = resp.headers
    assert headers["x-content-type-options"] == "nosniff", resp.request.url
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    csp = headers["content-security-policy"]
    for directive in CSP_DIRECTIVES:
        assert directive in csp, (resp.request.url, csp)
    assert "server" not in headers


async def test_every_kind_of_answer_has_the_headers(make_client: MakeClient) -> None:
    client = await make_client(rate_limits=True)
    email = unique_email()
    answers = {
        201: await client.post(
            "/api/auth/signup", json={"name": "A", "email": email, "password": PASSWORD}
        ),
        200: await client.get("/api/health"),
        401: await client.get("/api/auth/current-user"),
        403: await client.post(
            "/api/auth/login", json={}, headers={"Origin": "https://evil.example"}
        ),
        404: await client.get("/api/no/such/thing"),
        405: await client.get("/api/auth/login"),
        413: await client.post("/api/auth/login", content=b"{" + b" " * 70_000 + b"}"),
        415: await client.post(
            "/api/auth/login", content="x", headers={"content-type": "text/plain"}
        ),
        422: await client.post("/api/auth/login", json={"email": email}),
        400: await client.post("/api/auth/token", data={"grant_type": "magic"}),
    }
    for _ in range(6):
        answers[429] = await client.post("/api/auth/signup", json={"name": "A"})
    for status, resp in answers.items():
        assert resp.status_code == status, (status, resp.text)
        assert_security_headers(resp)


async def test_docs_and_openapi_have_the_headers(client: httpx.AsyncClient) -> None:
    for path in ("/api/docs", "/api/openapi.json"):
        resp = await client.get(path)
        assert resp.status_code == 200
        assert_security_headers(resp)


async def test_answers_that_carry_or_set_tokens_are_never_cached(client: httpx.AsyncClient) -> None:
    email = unique_email()
    await signup(client, email)
    login = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    refresh_token = client.cookies.get("refresh-token", path="/api/auth")
    answers = [
        login,
        await client.get("/api/auth/current-user"),
        await client.post("/api/auth/refresh"),
        await client.post("/api/auth/refresh", json={"refresh_token": refresh_token}),
        await client.post(
            "/api/auth/token",
            data={"grant_type": "password", "username": email, "password": PASSWORD},
        ),
        await client.post(
            "/api/auth/token", data={"grant_type": "refresh_token", "refresh_token": "x"}
        ),
        await client.post("/api/auth/logout"),
    ]
    dead = {"Cookie": "refresh-token=dead"}
    answers.append(await client.post("/api/auth/refresh", headers=dead))  # 401, clears cookies
    for resp in answers:
        assert "no-store" in resp.headers.get("cache-control", ""), (resp.request.url, resp.text)


@pytest.mark.parametrize(
    ("public_url", "hsts"), [("https://auth.example", True), ("http://x", False)]
)
async def test_hsts_only_when_served_over_https(
    make_client: MakeClient, public_url: str, hsts: bool
) -> None:
    client = await make_client(public_url=public_url)
    resp = await client.get("/api/health")
    assert ("strict-transport-security" in resp.headers) is hsts
    if hsts:
        assert "max-age=" in resp.headers["strict-transport-security"]


async def test_docs_can_be_switched_off(make_client: MakeClient) -> None:
    client = await make_client(docs_enabled=False)
    for path in ("/api/docs", "/api/openapi.json", "/api/docs/oauth2-redirect"):
        envelope(await client.get(path), 404, "not_found")
    await signed_in(client)  # the API itself still works


async def test_user_info_and_login_never_carry_secrets(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    resp = await client.get("/api/auth/current-user")
    assert PASSWORD not in resp.text and "$2b$" not in resp.text and "hash" not in resp.text
