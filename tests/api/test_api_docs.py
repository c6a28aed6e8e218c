"""Swagger UI at /api/docs: from this origin when the web app carries its files."""

from __future__ import annotations

from pathlib import Path

from tests.api.conftest import MakeClient

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
