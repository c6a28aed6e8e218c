"""CSRF defence for cookie-authenticated requests (OWASP CSRF cheat sheet: verifying
the origin with standard headers, plus Fetch Metadata)."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from authgate.presentation.cookies import ACCESS_COOKIE, REFRESH_COOKIE
from authgate.presentation.middleware import STATE_CHANGING, send_error
from authgate.presentation.route_traits import RouteTraitsByPath


class CsrfMiddleware:
    """Refuses a state-changing request that rides on our cookies (or would set them, or
    guesses passwords) when it comes from an origin we do not know. A request that the
    endpoint authenticates by its bearer token is not exposed to CSRF: a browser never
    attaches that header by itself. Endpoints that sign in ignore a bearer header, so
    one cannot be sent along to slip past this check."""

    def __init__(
        self, app: ASGIApp, allowed_origins: frozenset[str], traits: RouteTraitsByPath
    ) -> None:
        self.app, self.allowed, self.traits = app, allowed_origins, traits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._refuses(scope):
            return await send_error(send, 403, "csrf_rejected", "Cross-site request refused")
        await self.app(scope, receive, send)

    def _refuses(self, scope: Scope) -> bool:
        if scope["method"] not in STATE_CHANGING or not scope["path"].startswith("/api/"):
            return False
        headers, path = Headers(scope=scope), scope["path"]
        signs_in = self.traits(path).signs_in
        bearer = headers.get("authorization", "").lower().startswith("bearer ")
        if bearer and not signs_in:
            return False
        cookie = headers.get("cookie", "")
        uses_cookies = ACCESS_COOKIE in cookie or REFRESH_COOKIE in cookie
        if not uses_cookies and not signs_in:
            return False
        if headers.get("sec-fetch-site", "").lower() == "cross-site":
            return True
        origin = headers.get("origin")
        return origin is not None and not self._allowed(origin.rstrip("/"), scope, headers)

    def _allowed(self, origin: str, scope: Scope, headers: Headers) -> bool:
        if origin in self.allowed:
            return True
        # Same-origin: the page was served by us under the host it is now calling.
        host = headers.get("host")
        return host is not None and origin == f"{scope.get('scheme', 'http')}://{host}"
