"""Swagger UI at /api/docs: from this origin when the web app carries its files; on by
default for a plain-http (local) public URL only."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.api.conftest import MakeClient, envelope

CDN = "https://cdn.jsdelivr.net"


def web_app(root: Path, with_swagger_ui: bool) -> Path:
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><title>home</title>")
    if with_swagger_ui:
        (root / "swagger-ui").mkdir()
        (root / "swagger-ui" / "swagger-ui-bundle.js").write_text("window.SwaggerUIBundle = 1;")
        (root / "swagger-ui" / "swagger-ui.css").write_text("body {}")
    return root


async def test_swagger_ui_is_served_from_this_origin(
    make_client: MakeClient, tmp_path: Path
) -> None:
    client = await make_client(web_dir=web_app(tmp_path / "out", with_swagger_ui=True))
    docs = await client.get("/api/docs")
    assert docs.status_code == 200
    assert 'src="/swagger-ui/swagger-ui-bundle.js"' in docs.text
    assert 'href="/swagger-ui/swagger-ui.css"' in docs.text
    assert "https://" not in docs.text
    assert "https://" not in docs.headers["content-security-policy"]
    script = await client.get("/swagger-ui/swagger-ui-bundle.js")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.text
    assert (await client.get("/api/docs/oauth2-redirect")).status_code == 200


async def test_without_its_files_swagger_ui_comes_from_the_cdn_on_the_docs_page_only(
    make_client: MakeClient, tmp_path: Path
) -> None:
    client = await make_client(web_dir=web_app(tmp_path / "out", with_swagger_ui=False))
    docs = await client.get("/api/docs")
    assert f'src="{CDN}/' in docs.text
    assert CDN in docs.headers["content-security-policy"]
    for path in ("/", "/api/health"):
        assert CDN not in (await client.get(path)).headers["content-security-policy"]


@pytest.mark.parametrize(
    ("public_url", "docs_enabled", "served"),
    [
        ("https://accounts.example.test", None, False),
        ("https://accounts.example.test", True, True),
        ("http://127.0.0.1:8000", None, True),
        ("http://127.0.0.1:8000", False, False),
    ],
)
async def test_docs_are_on_by_default_for_plain_http_only(
    make_client: MakeClient, public_url: str, docs_enabled: bool | None, served: bool
) -> None:
    overrides = {} if docs_enabled is None else {"docs_enabled": docs_enabled}
    client = await make_client(public_url=public_url, **overrides)
    for path in ("/api/docs", "/api/openapi.json"):
        resp = await client.get(path)
        if served:
            assert resp.status_code == 200, path
        else:
            envelope(resp, 404, "not_found")


async def test_current_user_documents_the_sign_in_scheme_like_every_signed_in_route(
    client: httpx.AsyncClient,
) -> None:
    """current-user calls the scheme itself (no dependency), so its requirement is
    written by hand: it must read the same as the routes that declare it."""
    paths = (await client.get("/api/openapi.json")).json()["paths"]
    bearer = [{"SignedIn": []}]
    assert paths["/api/users/me"]["patch"]["security"] == bearer
    assert paths["/api/auth/sessions"]["get"]["security"] == bearer
    assert paths["/api/auth/current-user"]["get"]["security"] == bearer
