"""Serving the built web app beside the API, on the same origin."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from authgate.config import Settings
from authgate.presentation.page_csp import PagePolicy, page_policies


def web_directory(settings: Settings) -> Path | None:
    """AUTHGATE_WEB_DIR, else a checkout's ./web/out, else the export inside the wheel."""
    candidates = [settings.web_dir] if settings.web_dir else []
    packaged = resources.files("authgate") / "web_export"  # hatch_build.py puts it there
    candidates += [Path.cwd() / "web" / "out", Path(str(packaged))]
    for path in candidates:
        if path and (path / "index.html").is_file():
            return path
    return None


def not_found_fallback(settings: Settings) -> ASGIApp:
    """What the router answers when no route matched: a page of the web app, or for
    /api/... (and when there is no web app) a 404 envelope."""
    directory = web_directory(settings)
    static = None
    if directory:
        static = PagePolicy(StaticFiles(directory=directory, html=True), page_policies(directory))

    async def fallback(scope: Scope, receive: Receive, send: Send) -> None:
        if static is None or scope["path"] == "/api" or scope["path"].startswith("/api/"):
            raise HTTPException(status_code=404)
        await static(scope, receive, send)

    return fallback
