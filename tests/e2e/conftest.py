"""Browser tests: the built web app served by a real `authgate serve`, driven in
Debian's Chromium through Python Playwright, by label and role as a person would."""

from __future__ import annotations

import email
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]
WEB_OUT = ROOT / "web" / "out"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "a quiet meadow at dawn"

pytestmark = pytest.mark.browser


def _require_browser_and_build() -> None:
    missing = [str(p) for p in (Path(CHROMIUM), WEB_OUT / "index.html") if not p.exists()]
    if missing:
        if IN_CI:
            pytest.fail(f"browser tests need {missing} under CI=true")
        pytest.skip(f"missing {missing} (install chromium; build the web app)")


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def link(self, to: str, route: str, timeout: float = 10.0) -> str:
        """The newest `{route}?token=` link mailed to `to`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.messages):
                if to in message.get("To", ""):
                    match = re.search(rf"https?://\S+{route}\?token=[\w\-.~%]+", _text(message))
                    if match:
                        return match.group(0)
            time.sleep(0.1)
        raise AssertionError(f"no {route} link mailed to {to}")


def _text(message: Message) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(
        str(p.get_payload(decode=True).decode())  # type: ignore[union-attr]
        for p in parts
        if p.get_content_type() == "text/plain"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    box.port = controller.port  # type: ignore[attr-defined]
    yield box
    controller.stop()


def _serve(
    mailbox: Mailbox, host: str = "127.0.0.1", port: int | None = None, **env: str
) -> Iterator[str]:
    """`authgate serve` with the built web app and this mailbox; yields its base URL.
    `host="localhost"` for passkeys (an IP address cannot be an RP ID) and providers."""
    _require_browser_and_build()
    port = port or _free_port()
    base = f"http://{host}:{port}"
    settings = {
        "AUTHGATE_DATA_DIR": tempfile.mkdtemp(prefix="authgate-e2e-"),
        "AUTHGATE_BCRYPT_ROUNDS": "4",
        "AUTHGATE_PUBLIC_URL": base,
        "AUTHGATE_SMTP_URL": f"smtp://127.0.0.1:{mailbox.port}",  # type: ignore[attr-defined]
        "AUTHGATE_RATE_LIMITS": "false",
        "AUTHGATE_WEB_DIR": str(WEB_OUT),
        **env,
    }
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AUTHGATE_")}
    authgate = str(Path(sys.executable).parent / "authgate")
    log = Path(settings["AUTHGATE_DATA_DIR"]) / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [authgate, "serve", "--port", str(port)],
            env={**clean, **settings},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "authgate serve did not start"
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def server(mailbox: Mailbox) -> Iterator[str]:
    yield from _serve(mailbox)


@pytest.fixture(scope="session")
def short_ttl_server(mailbox: Mailbox) -> Iterator[str]:
    """Access tokens live two seconds: a visit outlives several of them."""
    yield from _serve(mailbox, AUTHGATE_ACCESS_TOKEN_TTL_SECONDS="2")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    _require_browser_and_build()
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context()
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def unique_email() -> str:
    return f"e2e-{time.time_ns()}@example.com"


def wait_for_form(page: Page) -> None:
    """Waits until the page's form has hydrated: its submit button is enabled then."""
    expect(page.locator("button[type=submit]")).to_be_enabled()


def sign_up(page: Page, base: str, name: str, email_address: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/signup")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email_address)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Create account", exact=True).click()
    page.wait_for_url(f"{base}/")


def sign_in(page: Page, base: str, email_address: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email_address)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
