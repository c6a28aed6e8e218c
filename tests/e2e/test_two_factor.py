"""Two-factor sign-in in the browser: TOTP turned on from the secret the page shows,
sign-in through /login/verify with a code and then with a recovery code, TOTP off."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PASSWORD, sign_in, sign_up, unique_email
from tests.e2e.test_accessibility import violations

WELCOME = "Welcome back! You're now logged in."
STEP = 30  # seconds: RFC 6238's time step, as the server uses it
VERIFY = re.compile(r"/login/verify/?(\?.*)?$")


class Authenticator:
    """The person's authenticator app. The server takes each step's code once and
    never an older step's, but accepts the next step's: each code here is for a later
    step than the last one, waiting only when even the next step has been used."""

    def __init__(self, secret: str) -> None:
        self.totp = pyotp.TOTP(secret)
        self.last_step = -1

    def code(self) -> str:
        now = int(time.time()) // STEP
        step = max(now, self.last_step + 1)
        if step > now + 1:
            time.sleep((step - 1) * STEP - time.time() + 0.5)
        self.last_step = step
        return str(self.totp.at(step * STEP))


def open_security(page: Page, server: str) -> None:
    page.goto(f"{server}/account")
    page.get_by_role("link", name="Security", exact=True).click()
    page.wait_for_url(re.compile(r"/account/security/?$"))


def start_setup(page: Page) -> Authenticator:
    """Set-up up to the QR code; the app learns the secret from the text beside it."""
    page.get_by_role("button", name="Set up two-factor authentication").click()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    secret = page.get_by_label("Secret key", exact=True).input_value().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    return Authenticator(secret)


def turn_on(page: Page, app: Authenticator) -> list[str]:
    """Confirms the set-up with a code; returns the recovery codes shown once."""
    page.get_by_label("Authentication code").fill(app.code())
    page.get_by_role("button", name="Turn on").click()
    items = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(items).to_have_count(10)
    return [code.strip() for code in items.all_inner_texts()]


def sign_out(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/?$"))


def test_two_factor_on_sign_in_with_a_code_then_a_recovery_code_then_off(
    page: Page, server: str
) -> None:
    address = unique_email()
    sign_up(page, server, "Ada", address)
    open_security(page, server)
    app = start_setup(page)
    codes = turn_on(page, app)
    assert len(set(codes)) == 10

    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    saved = Path(download.value.path()).read_text()
    assert download.value.suggested_filename.endswith(".txt")
    assert all(code in saved for code in codes)
    page.get_by_role("button", name="I've saved my codes").click()
    expect(page.get_by_text("10 recovery codes left.")).to_be_visible()

    # The password alone no longer signs in: the code from the app does.
    sign_out(page, server)
    sign_in(page, server, address)
    page.wait_for_url(VERIFY)
    page.get_by_label("Authentication code").fill(app.code())
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{server}/")
    expect(page.get_by_text(WELCOME)).to_be_visible()
    expect(page.get_by_text(address).first).to_be_visible()

    # Without the app: a recovery code, once.
    sign_out(page, server)
    sign_in(page, server, address)
    page.wait_for_url(VERIFY)
    page.get_by_role("button", name="Use a recovery code").click()
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{server}/")
    expect(page.get_by_text(address).first).to_be_visible()

    # Off again, with the password and another recovery code.
    open_security(page, server)
    expect(page.get_by_text("9 recovery codes left.")).to_be_visible()
    page.get_by_role("button", name="Turn off two-factor authentication").click()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("Authentication code").fill(codes[1])
    page.get_by_role("button", name="Turn off", exact=True).click()
    expect(page.get_by_role("button", name="Set up two-factor authentication")).to_be_visible()

    sign_out(page, server)
    sign_in(page, server, address)
    page.wait_for_url(f"{server}/")


def test_a_wrong_code_is_refused_beside_its_field(page: Page, server: str) -> None:
    address = unique_email()
    sign_up(page, server, "Ada", address)
    open_security(page, server)
    app = start_setup(page)
    right = app.code()
    wrong = "000000" if right != "000000" else "111111"

    page.get_by_label("Authentication code").fill(wrong)
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("The authentication code is not valid")).to_be_visible()
    page.get_by_label("Authentication code").fill(right)
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("list", name="Recovery codes")).to_be_visible()

    sign_out(page, server)
    sign_in(page, server, address)
    page.wait_for_url(VERIFY)
    page.get_by_label("Authentication code").fill(wrong)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("The authentication code is not valid")).to_be_visible()
    assert VERIFY.search(page.url)


def test_the_verify_step_without_a_pending_sign_in_goes_to_login(page: Page, server: str) -> None:
    page.goto(f"{server}/login/verify?next=/account")
    page.wait_for_url(re.compile(r"/login/?\?next=%2Faccount$"))
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    """As in test_accessibility.py: the injected axe script is let past the pages' CSP."""
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_security_page_and_the_verify_step_have_no_serious_violations(
    axe_page: Page, server: str, scheme: str
) -> None:
    page = axe_page
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    address = unique_email()
    sign_up(page, server, "Ada", address)
    open_security(page, server)
    expect(page.get_by_role("button", name="Set up two-factor authentication")).to_be_visible()
    assert violations(page) == []
    app = start_setup(page)
    assert violations(page) == []
    turn_on(page, app)
    assert violations(page) == []

    sign_out(page, server)
    sign_in(page, server, address)
    page.wait_for_url(VERIFY)
    expect(page.get_by_role("button", name="Verify")).to_be_enabled()
    assert violations(page) == []
