"""A real OpenID provider on loopback for the tests (tests/oidc_provider/provider.mjs, panva's
`oidc-provider` with its development login and consent pages), and a small browser that plays
those pages over HTTP.

    with OidcProvider(
        clients=[oidc_client("authgate", "s3cret", f"{base}/api/auth/oidc/test/callback")],
        accounts={"alice": {"email": "alice@example.com", "email_verified": True, "name": "Alice"}},
    ) as provider:
        ...  # AUTHGATE_OIDC_PROVIDERS=[{"name": "test", "issuer": provider.issuer, ...}]
        location = authgate.get("/api/auth/oidc/test/authorize").headers["location"]
        callback = sign_in(location, "alice")  # ".../callback?code=...&state=...&iss=..."
        authgate.get(callback)                 # with the test's own client and its cookies

The login typed on the provider's page is the account's `sub`; a login missing from `accounts`
signs in too, with no claims but `sub`. The provider's process is stopped by its PID on exit.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import httpx
import pytest

from tests.conftest import IN_CI

PROVIDER_DIR = Path(__file__).parent / "oidc_provider"
LAUNCHER = PROVIDER_DIR / "provider.mjs"
INSTALLED_MARK = PROVIDER_DIR / "node_modules" / ".package-lock.json"
ANY_PASSWORD = "any password"  # the dev login page accepts any


def oidc_client(
    client_id: str,
    client_secret: str,
    redirect_uris: str | Sequence[str],
    auth_method: Literal["client_secret_basic", "client_secret_post"] = "client_secret_basic",
    **metadata: Any,
) -> dict[str, Any]:
    """Client metadata for the provider (any other oidc-provider client field may be added,
    e.g. id_token_signed_response_alg="ES256")."""
    uris = [redirect_uris] if isinstance(redirect_uris, str) else list(redirect_uris)
    return {
        "client_id": client_id,
        "client_secret": client_secret,
        "redirect_uris": uris,
        "token_endpoint_auth_method": auth_method,
        **metadata,
    }


def require_node() -> str:
    """The `node` executable; skips without it, and fails under CI=true."""
    node = shutil.which("node")
    if node:
        return node
    if IN_CI:
        pytest.fail("node is required under CI=true (the OpenID provider for the tests)")
    pytest.skip("node is not installed (the OpenID provider for the tests)")


def ensure_installed() -> None:
    """`npm ci` in tests/oidc_provider when node_modules is missing (make test does it in CI)."""
    if INSTALLED_MARK.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        if IN_CI:
            pytest.fail("npm is required under CI=true (tests/oidc_provider)")
        pytest.skip("npm is not installed (tests/oidc_provider)")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"],
        cwd=PROVIDER_DIR,
        check=True,
        stdout=subprocess.DEVNULL,
    )


class ProviderStartError(RuntimeError):
    pass


class OidcProvider:
    """oidc-provider on 127.0.0.1, on a free port, for the length of a `with` block.

    clients: client metadata dicts (see `oidc_client`). accounts: login (= `sub`) -> claims,
    e.g. {"alice": {"email": ..., "email_verified": True, "name": ...}}. id_token_ttl:
    seconds (the provider's default is 3600). The issuer is `http://127.0.0.1:<port>`.
    """

    def __init__(
        self,
        clients: Sequence[Mapping[str, Any]] = (),
        accounts: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        id_token_ttl: int | None = None,
        log_path: Path | None = None,
        startup_timeout: float = 60.0,
    ) -> None:
        self.clients = [dict(c) for c in clients]
        self.accounts = {k: dict(v) for k, v in (accounts or {}).items()}
        self.id_token_ttl = id_token_ttl
        self.log_path = log_path
        self.startup_timeout = startup_timeout
        self.issuer = ""
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def pid(self) -> int:
        assert self._proc is not None, "the provider is not running"
        return self._proc.pid

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def start(self) -> OidcProvider:
        node = require_node()
        ensure_installed()
        env = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
        env.update(
            OIDC_PORT="0",
            OIDC_CLIENTS=json.dumps(self.clients),
            OIDC_ACCOUNTS=json.dumps(self.accounts),
        )
        if self.id_token_ttl is not None:
            env["OIDC_ID_TOKEN_TTL"] = str(self.id_token_ttl)
        self._spawn(node, env)
        try:
            self.issuer = self._read_issuer(min(15.0, self.startup_timeout))
        except ProviderStartError:
            assert self._proc is not None
            if self._proc.poll() is not None:  # it failed: no second try
                self.stop()
                raise
            # A launcher that stalls before listening was seen now and then on a loaded
            # machine (Node 20); a second process starts.
            self.stop()
            self._spawn(node, env)
        try:
            if not self.issuer:
                self.issuer = self._read_issuer(self.startup_timeout)
            self.port = int(urlsplit(self.issuer).port or 0)
            self._wait_discovery()
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self, node: str, env: dict[str, str]) -> None:
        if self.log_path is not None:
            self._log = self.log_path.open("w+b")
        else:
            self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        self._proc = subprocess.Popen(
            [node, str(LAUNCHER)],
            cwd=PROVIDER_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._log,
            start_new_session=True,
        )

    def _read_issuer(self, timeout: float) -> str:
        assert self._proc is not None and self._proc.stdout is not None
        deadline = time.monotonic() + timeout
        buffer = b""
        with selectors.DefaultSelector() as sel:
            sel.register(self._proc.stdout, selectors.EVENT_READ)
            while time.monotonic() < deadline:
                if not sel.select(timeout=0.2):
                    if self._proc.poll() is not None:
                        break
                    continue
                chunk = os.read(self._proc.stdout.fileno(), 4096)
                if not chunk:
                    break
                buffer += chunk
                for line in buffer.decode(errors="replace").splitlines():
                    if line.startswith("listening "):
                        return line.split(" ", 1)[1].strip()
        raise ProviderStartError(f"the OpenID provider did not start:\n{self.log()}")

    def _wait_discovery(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                break
            try:
                if httpx.get(self.discovery_url, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise ProviderStartError(f"no discovery document at {self.discovery_url}:\n{self.log()}")

    def log(self) -> str:
        """What the provider wrote to stderr so far."""
        if self._log is None or self._log.closed:
            return ""
        self._log.flush()
        self._log.seek(0)
        return str(self._log.read().decode(errors="replace"))

    def stop(self) -> None:
        """SIGTERM to the provider's PID; SIGKILL if it is still there after 10 s."""
        proc, self._proc = self._proc, None
        if proc is not None:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)
            if proc.stdout is not None:
                proc.stdout.close()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> OidcProvider:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- the test controls of provider.mjs ----------------------------------------------------

    def _control(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        response = httpx.request(method, f"{self.issuer}/__test__/{path}", json=body, timeout=10)
        response.raise_for_status()
        return response.json()

    def tamper_id_token(
        self,
        *,
        claims: Mapping[str, Any] | None = None,
        exp_in: int | None = None,
        signature: Literal["valid", "corrupt", "unknown_key"] = "valid",
        count: int = 1,
    ) -> None:
        """The next `count` token responses carry a changed ID token: `claims` set (None
        removes one: e.g. {"aud": "someone-else"}, {"nonce": "other"}, {"iss": "..."}),
        `exp_in` seconds from now as `exp` (negative: already expired), and a signature that
        is "valid" (the provider's key), "corrupt" (bytes flipped) or "unknown_key" (a key
        that is not in the JWKS, with a kid of its own)."""
        body: dict[str, Any] = {"claims": dict(claims or {}), "signature": signature}
        body["count"] = count
        if exp_in is not None:
            body["exp_in"] = exp_in
        self._control("POST", "id-token", body)

    def clear_tamper(self) -> None:
        self._control("DELETE", "id-token")

    def rotate_keys(self, *, keep_old: bool = True) -> list[str]:
        """New signing keys, used from now on and listed first in the JWKS (the old ones stay
        listed unless keep_old=False). Returns the published kids, new first."""
        return list(self._control("POST", "rotate-keys", {"keep_old": keep_old})["kids"])

    def stats(self) -> dict[str, int]:
        """Requests seen: discovery, jwks, token, authorization, userinfo."""
        return dict(self._control("GET", "stats"))

    def reset_stats(self) -> None:
        self._control("POST", "stats/reset")

    def browser(self) -> ProviderBrowser:
        return ProviderBrowser(self.issuer)


# -- playing the dev login and consent pages ------------------------------------------------


class ProviderPageError(AssertionError):
    """The provider answered with a page this helper cannot play (e.g. its error page for an
    unknown client or redirect_uri, which it never redirects)."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"{response.request.method} {response.url}: {response.status_code}\n")
        self.response = response


class _Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = a.get("method", "get").upper()
            self.forms.append({"action": a.get("action", ""), "method": method, "fields": {}})
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = a.get("value", "")
        elif tag == "a":
            self._href = a.get("href")

    def handle_data(self, data: str) -> None:
        if self._href is not None and data.strip():
            self.links.append((data.strip(), self._href))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None

    def form(self, prompt: str) -> dict[str, Any] | None:
        return next((f for f in self.forms if f["fields"].get("prompt") == prompt), None)

    def cancel_href(self) -> str:
        return next(href for text, href in self.links if "Cancel" in text)


Step = tuple[str, str, dict[str, str] | None]


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


class ProviderBrowser:
    """One browser at the provider: keeps the provider's cookies (its session and its
    interaction cookies) across requests, and stops at the first redirect that leaves the
    provider, which it returns without following."""

    def __init__(self, issuer: str) -> None:
        self.issuer = issuer
        self.http = httpx.Client(timeout=15, follow_redirects=False)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> ProviderBrowser:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _drive(self, url: str, on_page: Callable[[_Page, httpx.Response], Step]) -> str:
        step: Step = ("GET", url, None)
        for _ in range(30):
            method, target, data = step
            if _origin(target) != _origin(self.issuer):
                return target
            response = self.http.request(method, target, data=data)
            if response.is_redirect:
                step = ("GET", urljoin(str(response.url), response.headers["location"]), None)
            elif response.status_code == 200 and "html" in response.headers.get("content-type", ""):
                method, action, data = on_page(_Page(response.text), response)
                step = (method, urljoin(str(response.url), action), data)
            else:
                raise ProviderPageError(response)
        raise AssertionError(f"too many steps at the provider from {url}")

    def sign_in(self, authorization_url: str, login: str, password: str = ANY_PASSWORD) -> str:
        """Signs in as `login` (the `sub`; any password) and consents; returns the redirect to
        the client (`...callback?code=...&state=...&iss=...`). Pages already passed in this
        browser (a provider session, an earlier consent) are skipped by the provider."""

        def play(page: _Page, response: httpx.Response) -> Step:
            if form := page.form("login"):
                fields = {**form["fields"], "login": login, "password": password}
                return form["method"], form["action"], fields
            if form := page.form("consent"):
                return form["method"], form["action"], dict(form["fields"])
            raise ProviderPageError(response)

        return self._drive(authorization_url, play)

    def cancel(self, authorization_url: str, login: str | None = None) -> str:
        """Presses "Cancel" on the login page, or, with `login`, signs in and presses "Cancel"
        on the consent page; returns the redirect to the client with `error=access_denied`."""

        def play(page: _Page, response: httpx.Response) -> Step:
            login_form = page.form("login")
            if login_form and login is not None:
                fields = {**login_form["fields"], "login": login, "password": ANY_PASSWORD}
                return login_form["method"], login_form["action"], fields
            if login_form or page.form("consent"):
                return "GET", page.cancel_href(), None
            raise ProviderPageError(response)

        return self._drive(authorization_url, play)

    def follow(self, authorization_url: str) -> str:
        """Follows redirects only: for requests the provider answers at once with an error
        redirect (see `with_params`); fails if a login or consent page comes up."""

        def play(page: _Page, response: httpx.Response) -> Step:
            raise ProviderPageError(response)

        return self._drive(authorization_url, play)


def sign_in(authorization_url: str, login: str, password: str = ANY_PASSWORD) -> str:
    """`ProviderBrowser.sign_in` in a fresh browser (no provider session yet)."""
    issuer = "{}://{}".format(*_origin(authorization_url))
    with ProviderBrowser(issuer) as browser:
        return browser.sign_in(authorization_url, login, password)


def cancel(authorization_url: str, login: str | None = None) -> str:
    """`ProviderBrowser.cancel` in a fresh browser: the provider sends `error=access_denied`."""
    issuer = "{}://{}".format(*_origin(authorization_url))
    with ProviderBrowser(issuer) as browser:
        return browser.cancel(authorization_url, login)


def with_params(url: str, **changes: str | None) -> str:
    """The URL with query parameters set (None removes one), e.g. prompt="none" (a fresh
    browser: `error=login_required`) or code_challenge=None (`error=invalid_request`)."""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


def rejected(authorization_url: str, **changes: str | None) -> str:
    """The provider's error redirect for the authorization request changed by `with_params`
    (default prompt="none": `error=login_required`), from a fresh browser."""
    if not changes:
        changes = {"prompt": "none"}
    issuer = "{}://{}".format(*_origin(authorization_url))
    with ProviderBrowser(issuer) as browser:
        return browser.follow(with_params(authorization_url, **changes))


def query(url: str) -> dict[str, str]:
    """The query parameters of a URL, one value each."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}
