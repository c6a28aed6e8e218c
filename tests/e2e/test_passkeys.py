"""Passkeys in the browser, with Chromium's virtual authenticator (CDP `WebAuthn`):
add one on /account/security and sign in with it; create an account with one from
/signup; the messages for a refused prompt, a browser without passkeys, and the last
way to sign in; and the same ceremonies in a browser without WebAuthn's JSON methods.

Passkeys need a host name (an IP address cannot be a relying party ID), so these tests
run their own server whose public URL is http://localhost:PORT."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Browser, CDPSession, Page, expect

from tests.e2e.conftest import (
    PASSWORD,
    Mailbox,
    _serve,
    unique_email,
    wait_for_form,
)

WELCOME_BACK = "Welcome back! You're now logged in."
WELCOME_NEW = "Welcome to authgate! Your account is ready."

# Browsers before WebAuthn Level 3's JSON methods: the app's fallback takes over.
WITHOUT_JSON_METHODS = """
delete PublicKeyCredential.parseCreationOptionsFromJSON;
delete PublicKeyCredential.parseRequestOptionsFromJSON;
delete PublicKeyCredential.prototype.toJSON;
"""


def serve_on_localhost(mailbox: Mailbox, port: int | None = None, **env: str) -> Any:
    """`authgate serve` like conftest's, but its public URL (so the passkeys' RP ID and
    origin, and the OpenID redirect URI) is http://localhost:PORT. Yields that URL."""
    return contextmanager(_serve)(mailbox, host="localhost", port=port, **env)


@pytest.fixture(scope="module")
def localhost_server(mailbox: Mailbox) -> Iterator[str]:
    with serve_on_localhost(mailbox) as base:
        yield base


def authenticator(page: Page, **options: Any) -> tuple[CDPSession, str]:
    """A platform authenticator with resident keys and user verification, for this page."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
                **options,
            }
        },
    )
    return cdp, added["authenticatorId"]


def stored_credentials(cdp: CDPSession, authenticator_id: str) -> list[dict[str, Any]]:
    return cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]


def open_security(page: Page, base: str) -> None:
    page.goto(f"{base}/account/security")
    expect(page.get_by_role("heading", name="Passkeys")).to_be_visible()


def sign_out(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/?$"))


def passkey_list(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("list", name="Passkeys")


def sign_up(page: Page, base: str, name: str, address: str) -> None:
    """With a password ("Create account", not "Create account with a passkey")."""
    page.goto(f"{base}/signup")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account", exact=True).click()
    page.wait_for_url(f"{base}/")


def sign_up_with_passkey(page: Page, base: str, name: str, address: str) -> None:
    page.goto(f"{base}/signup")
    wait_for_form(page)
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(address)
    page.get_by_role("button", name="Create account with a passkey").click()
    page.wait_for_url(f"{base}/")
    expect(page.get_by_text(WELCOME_NEW)).to_be_visible()
    expect(page.get_by_text(address).first).to_be_visible()


def sign_in_with_passkey(page: Page, base: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(f"{base}/")
    expect(page.get_by_text(WELCOME_BACK)).to_be_visible()


def test_add_a_passkey_sign_out_and_sign_in_with_it(page: Page, localhost_server: str) -> None:
    base = localhost_server
    cdp, device = authenticator(page)
    address = unique_email()
    sign_up(page, base, "Ada", address)

    open_security(page, base)
    expect(page.get_by_text("You have no passkeys yet.")).to_be_visible()
    page.get_by_role("button", name="Add a passkey").click()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("Passkey name").fill("Work laptop")
    page.get_by_role("button", name="Create passkey").click()
    row = passkey_list(page).get_by_role("listitem", name="Work laptop")
    expect(row).to_be_visible()
    expect(row).to_contain_text("Last used never")
    (credential,) = stored_credentials(cdp, device)
    assert credential["isResidentCredential"]

    sign_out(page, base)
    sign_in_with_passkey(page, base)
    expect(page.get_by_text(address).first).to_be_visible()

    open_security(page, base)
    row = passkey_list(page).get_by_role("listitem", name="Work laptop")
    expect(row).not_to_contain_text("Last used never")
    row.get_by_role("button", name="Rename").click()
    row.get_by_label("Passkey name").fill("Phone")
    row.get_by_role("button", name="Save").click()
    expect(passkey_list(page).get_by_role("listitem", name="Phone")).to_be_visible()

    # The account has a password too, so this passkey may go, with the password.
    row = passkey_list(page).get_by_role("listitem", name="Phone")
    row.get_by_role("button", name="Remove").click()
    row.get_by_label("Current password").fill(PASSWORD)
    row.get_by_role("button", name="Remove passkey").click()
    expect(page.get_by_text("You have no passkeys yet.")).to_be_visible()


def test_create_an_account_with_a_passkey(page: Page, localhost_server: str) -> None:
    base = localhost_server
    authenticator(page)
    address = unique_email()
    sign_up_with_passkey(page, base, "Grace", address)

    open_security(page, base)
    expect(passkey_list(page).get_by_role("listitem")).to_have_count(1)
    expect(page.get_by_text("Your account has no password yet.")).to_be_visible()
    expect(page.get_by_role("button", name="Set a password")).to_be_visible()
    expect(page.get_by_label("Current password")).to_have_count(0)

    # Its only way to sign in cannot be removed, and the page says why.
    row = passkey_list(page).get_by_role("listitem")
    row.get_by_role("button", name="Remove").click()
    expect(row.get_by_label("Current password")).to_have_count(0)
    row.get_by_role("button", name="Remove passkey").click()
    expect(row.get_by_role("alert")).to_contain_text("This is the last way you can sign in")

    sign_out(page, base)
    sign_in_with_passkey(page, base)
    expect(page.get_by_text(address).first).to_be_visible()


def test_the_same_email_again_is_taken(page: Page, localhost_server: str) -> None:
    base = localhost_server
    authenticator(page)
    address = unique_email()
    sign_up(page, base, "Ada", address)
    sign_out(page, base)

    page.goto(f"{base}/signup")
    wait_for_form(page)
    page.get_by_label("Name").fill("Someone else")
    page.get_by_label("Email").fill(address)
    page.get_by_role("button", name="Create account with a passkey").click()
    expect(page.get_by_text(re.compile("already", re.I)).first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/signup/?$"))


def test_a_refused_prompt_and_a_browser_without_passkeys_are_explained(
    browser: Browser, localhost_server: str
) -> None:
    base = localhost_server
    ctx = browser.new_context()
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    # The person does not unlock the passkey: the browser answers NotAllowedError.
    authenticator(page, isUserVerified=False)
    page.goto(f"{base}/login")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_text(re.compile("cancelled or timed out"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login/?$"))
    ctx.close()

    ctx = browser.new_context()
    ctx.set_default_timeout(10_000)
    ctx.add_init_script("delete window.PublicKeyCredential;")
    page = ctx.new_page()
    page.goto(f"{base}/login")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_text("This browser can't use passkeys.", exact=False)).to_be_visible()
    ctx.close()


def test_browsers_without_the_json_methods_use_the_fallback(
    browser: Browser, localhost_server: str
) -> None:
    base = localhost_server
    ctx = browser.new_context()
    ctx.set_default_timeout(10_000)
    ctx.add_init_script(WITHOUT_JSON_METHODS)
    page = ctx.new_page()
    authenticator(page)
    page.goto(f"{base}/signup")
    assert page.evaluate("typeof PublicKeyCredential.parseCreationOptionsFromJSON") == "undefined"
    address = unique_email()
    sign_up_with_passkey(page, base, "Hedy", address)
    sign_out(page, base)
    sign_in_with_passkey(page, base)
    expect(page.get_by_text(address).first).to_be_visible()
    ctx.close()
