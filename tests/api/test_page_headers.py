"""Pages' own headers: a CSP with their inline scripts' hashes, and no Referer from
the pages whose address holds a one-time token."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import MakeClient

PAGES = {
    "index.html": "home()",
    "login/index.html": "login()",
    "reset-password/index.html": "reset()",
    "verify-email/index.html": "verify()",
    "404.html": "missing()",
}


def sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def script_src(resp: httpx.Response) -> str:
    policy = resp.headers["content-security-policy"]
    return next(d for d in policy.split(";") if d.strip().startswith("script-src"))


@pytest.fixture
async def client(make_client: MakeClient, tmp_path: Path) -> httpx.AsyncClient:
    """An app serving a small export: each page boots with one inline script of its own."""
    web = tmp_path / "web"
    for name, script in PAGES.items():
        (web / name).parent.mkdir(parents=True, exist_ok=True)
        (web / name).write_text(f'<script src="/app.js"></script><script>{script}</script>')
    return await make_client(web_dir=web)


@pytest.mark.parametrize(
    "path",
    [
        "/reset-password?token=x",
        "/reset-password/?token=x",
        "/verify-email?token=x",
        "/verify-email/?token=x",
    ],
)
async def test_token_pages_send_no_referrer(client: httpx.AsyncClient, path: str) -> None:
    resp = await client.get(path)
    assert resp.status_code in (200, 307)  # without the slash: redirected to it
    assert resp.headers["referrer-policy"] == "no-referrer"
    followed = await client.get(path, follow_redirects=True)
    assert followed.status_code == 200
    assert followed.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/", "/login/", "/no-such-page/", "/api/health", "/api/nothing"])
async def test_other_answers_keep_strict_origin_when_cross_origin(
    client: httpx.AsyncClient, path: str
) -> None:
    resp = await client.get(path)
    assert resp.headers["referrer-policy"] == "strict-origin-when-cross-origin"


async def test_each_page_allows_only_its_own_inline_scripts(client: httpx.AsyncClient) -> None:
    for path, script in [("/", "home()"), ("/login/", "login()"), ("/nope/", "missing()")]:
        resp = await client.get(path)
        allowed = script_src(resp)
        assert "'unsafe-inline'" not in allowed, (path, allowed)
        assert allowed.split() == ["script-src", "'self'", sha256(script)], path
        assert "frame-ancestors 'none'" in resp.headers["content-security-policy"]


async def test_a_revalidated_page_keeps_its_policy(client: httpx.AsyncClient) -> None:
    """A browser stores the headers of a 304 with its cached copy of the page."""
    first = await client.get("/login/")
    again = await client.get("/login/", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert sha256("login()") in script_src(again)


async def test_api_docs_keep_their_own_policy(client: httpx.AsyncClient) -> None:
    resp = await client.get("/api/docs")
    assert resp.status_code == 200
    assert "sha256" not in script_src(resp)
    assert "'self'" in script_src(resp)
