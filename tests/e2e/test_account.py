"""The account page and the emailed password-reset link, in the browser."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PASSWORD, Mailbox, sign_in, sign_up, unique_email


def test_profile_save_updates_the_name(page: Page, server: str) -> None:
    sign_up(page, server, "Ada", unique_email())
    page.goto(f"{server}/account")
    name = page.get_by_label("Name")
    expect(name).to_have_value("Ada")
    name.fill("Ada Lovelace")
    page.get_by_role("button", name="Save").click()
    page.goto(f"{server}/")
    expect(page.get_by_text("Ada Lovelace").first).to_be_visible()


def test_sign_out_everywhere_ends_other_browsers(browser: Browser, server: str) -> None:
    address = unique_email()
    first, second = browser.new_context(), browser.new_context()
    try:
        a, b = first.new_page(), second.new_page()
        sign_up(a, server, "Ada", address)
        sign_in(b, server, address)
        b.wait_for_url(f"{server}/")
        a.goto(f"{server}/account")
        expect(a.get_by_role("button", name="Sign out", exact=True)).to_have_count(2)
        a.get_by_role("button", name="Sign out everywhere").click()
        a.wait_for_url(re.compile(r"/login/?"))
        b.goto(f"{server}/account")
        b.wait_for_url(re.compile(r"/login/?"))
    finally:
        first.close()
        second.close()


def test_password_reset_from_the_emailed_link(page: Page, server: str, mailbox: Mailbox) -> None:
    address = unique_email()
    sign_up(page, server, "Ada", address)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/?"))
    page.get_by_role("link", name="Forgot password?").click()
    # The sign-in form (with its own Email field) stays until the new page has rendered.
    expect(page.get_by_role("button", name="Send reset link")).to_be_enabled()
    page.get_by_label("Email").fill(address)
    page.get_by_role("button", name="Send reset link").click()
    link = mailbox.link(address, "/reset-password")
    assert link.startswith(server)

    resp = page.goto(link)
    assert resp is not None and resp.headers["referrer-policy"] == "no-referrer"
    page.wait_for_url(lambda url: "token" not in url)  # read, then out of the address bar
    page.get_by_label("New password").fill("a brand new passphrase")
    page.get_by_role("button", name="Reset password").click()
    page.wait_for_url(re.compile(r"/login/?"))
    sign_in(page, server, address, "a brand new passphrase")
    page.wait_for_url(f"{server}/")
    expect(page.get_by_text(address).first).to_be_visible()


def test_email_verification_link_verifies(page: Page, server: str, mailbox: Mailbox) -> None:
    address = unique_email()
    sign_up(page, server, "Ada", address)
    page.goto(mailbox.link(address, "/verify-email"))
    expect(page.get_by_text(re.compile("verified", re.I)).first).to_be_visible()
    assert "token" not in page.url


def test_recent_activity_lists_the_sign_in_and_then_a_password_change(
    page: Page, server: str
) -> None:
    sign_up(page, server, "Ada", unique_email())
    page.goto(f"{server}/account")
    activity = page.get_by_role("list", name="Recent activity")
    expect(activity.get_by_text("Signed in").first).to_be_visible()

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("another quiet meadow")
    page.get_by_role("button", name="Change password").click()
    expect(activity.get_by_text("Password changed")).to_be_visible()


def test_deleting_the_account_needs_the_password_then_signs_out(page: Page, server: str) -> None:
    address = unique_email()
    sign_up(page, server, "Ada", address)
    page.goto(f"{server}/account")
    password = page.get_by_label("Confirm with your password")
    password.fill("not the password")
    page.get_by_role("button", name="Delete account").click()
    expect(page.get_by_text("The current password is incorrect")).to_be_visible()

    password.fill(PASSWORD)
    page.get_by_role("button", name="Delete account").click()
    page.wait_for_url(re.compile(r"/login/?"))
    expect(page.get_by_text("Your account has been deleted.")).to_be_visible()
    sign_in(page, server, address)
    expect(page.get_by_text("Invalid email or password")).to_be_visible()
