"""Per-page Content-Security-Policy for the exported web app.

Next.js' static export boots each page with inline scripts. Instead of allowing every
inline script ('unsafe-inline'), each page's policy lists the SHA-256 of the inline
scripts its own HTML file holds, computed once at start-up.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)
# Styles stay 'unsafe-inline': the toast library injects its stylesheet at run time.
TEMPLATE = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https:; connect-src 'self'; font-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
)
STRICT_PAGE_CSP = TEMPLATE.format(hashes="")


def policy_for(html: bytes) -> str:
    digests = sorted({_sha256(body) for body in INLINE_SCRIPT.findall(html) if body})
    return TEMPLATE.format(hashes="".join(f" 'sha256-{d}'" for d in digests))


def page_policies(directory: Path) -> dict[str, str]:
    """The policy of every HTML file, by its path relative to the export."""
    return {
        path.relative_to(directory).as_posix(): policy_for(path.read_bytes())
        for path in directory.rglob("*.html")
    }


def html_file_of(url_path: str) -> str:
    """The file StaticFiles(html=True) answers a path with: /login/ -> login/index.html."""
    relative = url_path.lstrip("/")
    if not relative or relative.endswith("/"):
        return relative + "index.html"
    return relative if relative.endswith(".html") else relative + "/index.html"


class PagePolicy:
    """Gives each answer for a page its own policy (the 404 page's when it is missing).

    Chosen by path, not by content type: a 304 has none, and a browser takes the
    policy of a 304 into its cached copy of the page.
    """

    def __init__(self, app: ASGIApp, policies: dict[str, str]) -> None:
        self.app, self.policies = app, policies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        wanted = html_file_of(scope["path"])

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                name = wanted if message["status"] < 400 else "404.html"
                if name in self.policies:
                    MutableHeaders(scope=message)["Content-Security-Policy"] = self.policies[name]
            await send(message)

        await self.app(scope, receive, send_with_policy)


def _sha256(body: bytes) -> str:
    return base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")
