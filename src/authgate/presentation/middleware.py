"""Pure ASGI middleware: body size cap, JSON-only bodies, security headers."""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from authgate.presentation.page_csp import STRICT_PAGE_CSP
from authgate.presentation.route_traits import RouteTraitsByPath

MAX_BODY_BYTES = 64 * 1024
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})

API_CSP = "default-src 'none'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
# Each page of the web app carries its own policy, with its inline scripts' hashes
# (page_csp.py); this one is for whatever else the static files answer.
PAGE_CSP = STRICT_PAGE_CSP
# Pages whose address holds a one-time token: no Referer may carry it anywhere.
TOKEN_PAGES = frozenset({"/reset-password", "/verify-email"})


def docs_csp(cdn: str | None = None) -> str:
    """Swagger UI's page: an inline start-up script, its files from here or from `cdn`."""
    sources = f"'self' {cdn}" if cdn else "'self'"
    return (
        f"default-src 'self'; script-src {sources} 'unsafe-inline'; "
        f"style-src {sources} 'unsafe-inline'; img-src 'self' data: https:; "
        "frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
    )


def raw_header(scope: Scope, name: bytes) -> bytes | None:
    """One request header, read straight from the ASGI list (`name` in lower case):
    cheaper than building a Headers object on every request."""
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


async def send_error(send: Send, status: int, error: str, message: str) -> None:
    body = json.dumps(
        {"status_code": status, "message": message, "data": None, "error": error}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """413 for bodies over 64 KiB, whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = raw_header(scope, b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.limit:
                return await send_error(send, 413, "payload_too_large", "The body exceeds 64 KiB")
            return await self.app(scope, receive, send)
        if raw_header(scope, b"transfer-encoding") is None:
            return await self.app(scope, receive, send)
        body = await self._read_capped(receive)
        if body is None:
            return await send_error(send, 413, "payload_too_large", "The body exceeds 64 KiB")
        await self.app(scope, _replay(body, receive), send)

    async def _read_capped(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class HeadAsGetMiddleware:
    """HEAD is GET without the body (RFC 9110, 9.3.2): the routes see GET, and the
    server, whose own scope still says HEAD, sends the headers alone."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}  # a copy: the server's scope stays HEAD
        await self.app(scope, receive, send)


class JsonOnlyMiddleware:
    """415 for a state-changing API request whose body is not JSON (forms, text/plain),
    unless its route declared another body."""

    def __init__(self, app: ASGIApp, traits: RouteTraitsByPath) -> None:
        self.app, self.traits = app, traits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._refuses(scope):
            return await send_error(
                send, 415, "unsupported_media_type", "Send the body as application/json"
            )
        await self.app(scope, receive, send)

    def _refuses(self, scope: Scope) -> bool:
        path: str = scope["path"]
        if scope["method"] not in STATE_CHANGING or not path.startswith("/api/"):
            return False
        if self.traits(path).body != "json":
            return False
        headers = Headers(scope=scope)
        has_body = headers.get("content-length", "0") != "0" or "transfer-encoding" in headers
        if not has_body:
            return False
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        return not (media_type == "application/json" or media_type.endswith("+json"))


class SecurityHeadersMiddleware:
    """Works on the raw header list (names are lower-case bytes in ASGI): it runs on
    every response, and parsing headers into objects would cost more than the rest."""

    def __init__(self, app: ASGIApp, hsts: bool = False, docs_policy: str | None = None) -> None:
        self.app = app
        self.docs_policy = docs_policy or docs_csp()
        self._always = list(_always_headers(hsts))
        self._ours = {name for name, _ in self._always} | {b"referrer-policy", b"server"}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        csp = (b"content-security-policy", content_security_policy(path, self.docs_policy).encode())
        referrer = (b"referrer-policy", referrer_policy(path).encode())

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = [h for h in message.get("headers", ()) if h[0] not in self._ours]
                if not any(name == csp[0] for name, _ in own):  # a page brings its own
                    own.append(csp)
                message["headers"] = [*own, *self._always, referrer]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _always_headers(hsts: bool) -> Iterable[tuple[bytes, bytes]]:
    yield b"x-content-type-options", b"nosniff"
    yield b"x-frame-options", b"DENY"
    yield b"cross-origin-opener-policy", b"same-origin"
    if hsts:
        yield b"strict-transport-security", b"max-age=63072000; includeSubDomains"


def content_security_policy(path: str, docs_policy: str) -> str:
    if path.startswith("/api/docs"):
        return docs_policy
    return API_CSP if path.startswith("/api/") else PAGE_CSP


def referrer_policy(path: str) -> str:
    page = path.removesuffix("index.html").rstrip("/")
    return "no-referrer" if page in TOKEN_PAGES else "strict-origin-when-cross-origin"
