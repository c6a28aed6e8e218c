"""A request id on every response, so a person's report and our log line meet."""

from __future__ import annotations

import itertools
import re
import secrets
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from authgate.presentation.middleware import raw_header

HEADER = "X-Request-ID"
# A proxy's own id is kept when it is plainly an id (nothing that could forge a log line).
ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")

current_request_id: ContextVar[str] = ContextVar("request_id", default="-")
# A random prefix per process and a counter: unique, and far cheaper than a uuid4
# (which reads the system's randomness on every request).
_PREFIX = secrets.token_hex(6)
_COUNTER = itertools.count(1)


def new_request_id() -> str:
    return f"{_PREFIX}{next(_COUNTER):08x}"


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        given = (raw_header(scope, b"x-request-id") or b"").decode("latin-1")
        request_id = given if given and ACCEPTED.fullmatch(given) else new_request_id()
        current_request_id.set(request_id)

        header = (b"x-request-id", request_id.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        await self.app(scope, receive, send_with_id)
