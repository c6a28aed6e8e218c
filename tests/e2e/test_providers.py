"""Sign-in providers in the browser, against a real OpenID provider on loopback
(tests/oidc_provider.py: panva's oidc-provider with its development login and consent
pages, which Chromium fills in here as a person would)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PASSWORD, Mailbox, _free_port, unique_email
from tests.e2e.test_passkeys import serve_on_localhost, sign_out, sign_up
from tests.oidc_provider import OidcProvider, oidc_client

DISPLAY_NAME = "Test ID"
SECRET = "a client secret for the tests"


@pytest.fixture(scope="module")
def provider_and_server(mailbox: Mailbox) -> Iterator[tuple[OidcProvider, str]]:
    """The provider knows authgate's redirect URI, and authgate knows the provider's issuer,
    so authgate's port is chosen first."""
    port = _free_port()
    callback = f"http://localhost:{port}/api/auth/oidc/test/callback"
    accounts = {
        "ada": {"email": unique_email(), "email_verified": True, "name": "Ada Lovelace"},
        "grace": {"email": unique_email(), "email_verified": True, "name": "Grace Hopper"},
    }
    with OidcProvider(
        clients=[oidc_client("authgate", SECRET, callback)], accounts=accounts
    ) as provider:
        configured = [
            {
                "name": "test",
                "display_name": DISPLAY_NAME,
                "issuer": provider.issuer,
                "client_id": "authgate",
                "client_secret": SECRET,
            }
        ]
        with serve_on_localhost(
            mailbox, port, AUTHGATE_OIDC_PROVIDERS=json.dumps(configured)
        ) as base:
            yield provider, base


def at_the_provider(page: Page, provider: OidcProvider, login: str) -> None:
    """The provider's development pages: login (any password), then consent."""
    page.wait_for_url(re.compile(re.escape(provider.issuer)))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(provider.issuer) + r".*/interaction/"))
    expect(page.locator("input[name=prompt][value=consent]")).to_have_count(1)
    page.locator("button[type=submit]").click()


def test_continue_with_the_provider_on_login_ends_signed_in(
    browser: Browser, provider_and_server: tuple[OidcProvider, str]
) -> None:
    provider, base = provider_and_server
    ctx = browser.new_context()
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    try:
        page.goto(f"{base}/login")
        page.get_by_role("button", name=f"Continue with {DISPLAY_NAME}").click()
        at_the_provider(page, provider, "ada")
        page.wait_for_url(f"{base}/")
        expect(page.get_by_text("Ada Lovelace").first).to_be_visible()

        # A new account without a password: the provider is its only way in, so it stays.
        page.goto(f"{base}/account/security")
        row = page.get_by_role("list", name="Connected accounts").get_by_role(
            "listitem", name=DISPLAY_NAME
        )
        expect(row).to_contain_text("Connected as")
        expect(page.get_by_role("button", name="Set a password")).to_be_visible()
        row.get_by_role("button", name="Disconnect").click()
        row.get_by_role("button", name=f"Disconnect {DISPLAY_NAME}").click()
        expect(row.get_by_role("alert")).to_contain_text("This is the last way you can sign in")
    finally:
        ctx.close()


def test_connect_the_provider_from_the_security_page(
    browser: Browser, provider_and_server: tuple[OidcProvider, str]
) -> None:
    provider, base = provider_and_server
    ctx = browser.new_context()
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    try:
        sign_up(page, base, "Grace", unique_email())
        page.goto(f"{base}/account/security")
        row = page.get_by_role("list", name="Connected accounts").get_by_role(
            "listitem", name=DISPLAY_NAME
        )
        expect(row).to_contain_text("Not connected")
        row.get_by_role("button", name="Connect").click()
        at_the_provider(page, provider, "grace")
        page.wait_for_url(re.compile(r"/account/security/?$"))
        expect(row).to_contain_text("Connected as")

        # With a password left, it may go (the password confirms it).
        row.get_by_role("button", name="Disconnect").click()
        row.get_by_label("Current password").fill(PASSWORD)
        row.get_by_role("button", name=f"Disconnect {DISPLAY_NAME}").click()
        expect(row).to_contain_text("Not connected")

        # The provider buttons carry the page's `next`. The provider remembers this
        # browser (its session and consent), so it answers at once: now disconnected,
        # the identity makes an account of its own, signed in on the page `next` named.
        sign_out(page, base)
        page.goto(f"{base}/login?next=/account")
        page.get_by_role("button", name=f"Continue with {DISPLAY_NAME}").click()
        page.wait_for_url(re.compile(r"/account/?$"))
        expect(page.get_by_role("textbox", name="Name")).to_have_value("Grace Hopper")
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("page_path", "code", "message"),
    [
        (
            "/login",
            "oidc_account_exists",
            "An account with this email already exists: sign in with your password, "
            "then connect the provider from your account page",
        ),
        ("/login", "oidc_state_invalid", "That sign-in took too long"),
        ("/login", "a_code_from_the_future", "Signing in with the provider did not work"),
    ],
)
def test_an_error_from_the_callback_is_shown_once_and_leaves_the_address(
    page: Page, server: str, page_path: str, code: str, message: str
) -> None:
    page.goto(f"{server}{page_path}?error={code}&next=/account")
    expect(page.get_by_text(message)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login/\?next=/account$|/login/\?next=%2Faccount$"))


def test_a_failed_connection_is_explained_on_the_account_page(page: Page, server: str) -> None:
    sign_up(page, server, "Ada", unique_email())
    page.goto(f"{server}/account?error=reauthentication_required")
    expect(
        page.get_by_text("Sign in again, then connect the provider within 10 minutes")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"/account/?$"))
