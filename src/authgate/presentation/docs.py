"""Swagger UI at /api/docs. With the web app built, its script and style come from
this origin (the export's swagger-ui/ folder); without it, from the CDN FastAPI uses."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from starlette.requests import Request
from starlette.responses import HTMLResponse

from authgate.config import Settings
from authgate.presentation.web import web_directory

DOCS_URL = "/api/docs"
OAUTH2_REDIRECT_URL = "/api/docs/oauth2-redirect"
OPENAPI_URL = "/api/openapi.json"
CDN = "https://cdn.jsdelivr.net"


@dataclass(frozen=True)
class SwaggerAssets:
    js: str
    css: str
    favicon: str
    self_hosted: bool


LOCAL = SwaggerAssets(
    "/swagger-ui/swagger-ui-bundle.js", "/swagger-ui/swagger-ui.css", "/icon.svg", True
)
FROM_CDN = SwaggerAssets(
    f"{CDN}/npm/swagger-ui-dist@5/swagger-ui-bundle.js",
    f"{CDN}/npm/swagger-ui-dist@5/swagger-ui.css",
    "data:,",
    False,
)


def swagger_assets(settings: Settings) -> SwaggerAssets:
    directory = web_directory(settings)
    if directory and (directory / "swagger-ui" / "swagger-ui-bundle.js").is_file():
        return LOCAL
    return FROM_CDN


def add_docs_routes(app: FastAPI, assets: SwaggerAssets) -> None:
    async def docs(_: Request) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=OPENAPI_URL,
            title=f"{app.title} - Swagger UI",
            swagger_js_url=assets.js,
            swagger_css_url=assets.css,
            swagger_favicon_url=assets.favicon,
            oauth2_redirect_url=OAUTH2_REDIRECT_URL,
        )

    async def oauth2_redirect(_: Request) -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    app.add_route(DOCS_URL, docs, include_in_schema=False)
    app.add_route(OAUTH2_REDIRECT_URL, oauth2_redirect, include_in_schema=False)
