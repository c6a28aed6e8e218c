"""The admin pages in the browser: who may see them, search and paging, and what
disabling, enabling, promoting and deleting a person does to that person's own
browser."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import PASSWORD, ROOT, Mailbox, _serve, sign_in, sign_up

LOGIN = re.compile(r"/login/?(\?.*)?$")
LAST_ADMIN = "The last administrator cannot be demoted, disabled or deleted."
DISABLED = "This account is disabled. Ask an administrator to enable it."


@dataclass
class AdminServer:
    base: str
    data_dir: str
    admin_email: str

    def authgate(self, *args: str, stdin: str = "") -> None:
        """Runs the command line against the server's own database."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AUTHGATE_")}
        env["AUTHGATE_DATA_DIR"] = self.data_dir
        subprocess.run(
            [str(Path(sys.executable).parent / "authgate"), *args],
            input=stdin,
            text=True,
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )


@contextmanager
def serving_with_an_admin(mailbox: Mailbox) -> Iterator[AdminServer]:
    """A server of its own, with one administrator made by `authgate create-user --admin`."""
    data_dir = tempfile.mkdtemp(prefix="authgate-e2e-admin-")
    with contextmanager(_serve)(mailbox, AUTHGATE_DATA_DIR=data_dir) as base:
        server = AdminServer(base, data_dir, f"admin-{time.time_ns()}@example.com")
        server.authgate(
            "create-user",
            "--admin",
            "--email",
            server.admin_email,
            "--name",
            "Grace Admin",
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
        yield server


@pytest.fixture(scope="module")
def admin_server(mailbox: Mailbox) -> Iterator[AdminServer]:
    with serving_with_an_admin(mailbox) as server:
        yield server


def person(prefix: str) -> str:
    """An address whose start no one else's shares."""
    return f"{prefix}-{time.time_ns()}@example.com"


def sign_up_by_api(base: str, name: str, address: str) -> None:
    response = httpx.post(
        f"{base}/api/auth/signup", json={"name": name, "email": address, "password": PASSWORD}
    )
    assert response.status_code == 201, response.text


def sign_in_as_admin(page: Page, server: AdminServer) -> None:
    sign_in(page, server.base, server.admin_email)
    page.wait_for_url(f"{server.base}/")


def open_person(page: Page, server: AdminServer, address: str, name: str) -> None:
    """Finds a person on /admin by the start of their email and opens their page."""
    page.goto(f"{server.base}/admin")
    page.get_by_label("Search users").fill(address.split("@")[0])
    rows = page.get_by_role("table", name="Users").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(address)
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_url(re.compile(r"/admin/user/?\?id="))
    expect(page.get_by_role("heading", name=name)).to_be_visible()


def test_a_person_who_is_no_admin_sees_not_allowed(page: Page, admin_server: AdminServer) -> None:
    base = admin_server.base
    sign_up(page, base, "Ada", person("ada"))
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)

    page.goto(f"{base}/admin")
    expect(page.get_by_text("Not allowed")).to_be_visible()
    expect(page.get_by_label("Search users")).to_have_count(0)
    page.goto(f"{base}/admin/user?id=00000000-0000-0000-0000-000000000000")
    expect(page.get_by_text("Not allowed")).to_be_visible()


def test_signed_out_the_admin_pages_send_to_login(page: Page, admin_server: AdminServer) -> None:
    page.goto(f"{admin_server.base}/admin")
    page.wait_for_url(LOGIN)


def test_an_admin_searches_by_email_prefix_opens_a_person_and_pages(
    page: Page, admin_server: AdminServer
) -> None:
    base = admin_server.base
    run = f"pg{time.time_ns()}"
    for n in range(51):
        sign_up_by_api(base, f"Paged {n}", f"{run}-{n:02d}@example.com")
    address = person("lin")  # the newest: first in the list until the search applies
    sign_up_by_api(base, "Lin Search", address)

    sign_in_as_admin(page, admin_server)
    page.get_by_role("link", name="Administration").click()
    page.wait_for_url(re.compile(r"/admin/?$"))
    table = page.get_by_role("table", name="Users")
    for column in ("Name", "Email", "Role", "Status", "Last sign-in"):
        expect(table.get_by_role("columnheader", name=column)).to_be_visible()

    # Keyset paging: 50 a page, newest first, then the one left; no page after it.
    page.get_by_label("Search users").fill(run.upper())  # case does not matter
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(50)
    expect(rows.first).to_contain_text(f"{run}-50@example.com")
    page.get_by_role("button", name="Next page").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"{run}-00@example.com")
    expect(page.get_by_role("button", name="Next page")).to_be_disabled()
    page.get_by_role("button", name="Previous page").click()
    expect(rows).to_have_count(50)

    page.get_by_label("Search users").fill("nobody-starts-like-this")
    expect(page.get_by_text("No one's name or email starts with")).to_be_visible()

    open_person(page, admin_server, address, "Lin Search")
    for text in ("User", "Active", "Not verified"):
        expect(page.get_by_text(text, exact=True).first).to_be_visible()
    expect(page.get_by_role("heading", name="Sessions")).to_be_visible()
    expect(page.get_by_role("heading", name="Events")).to_be_visible()


def test_disable_signs_the_person_out_and_enable_lets_them_back(
    browser: Browser, page: Page, admin_server: AdminServer
) -> None:
    base = admin_server.base
    address = person("dot")
    theirs: BrowserContext = browser.new_context()
    theirs.set_default_timeout(10_000)
    try:
        tab = theirs.new_page()
        sign_up(tab, base, "Dot Disabled", address)
        expect(tab.get_by_role("link", name="Account")).to_be_visible()

        sign_in_as_admin(page, admin_server)
        open_person(page, admin_server, address, "Dot Disabled")
        sessions = page.get_by_role("list", name="Their sessions")
        expect(sessions.get_by_role("listitem")).to_have_count(1)
        page.get_by_role("button", name="Disable").click()
        expect(page.get_by_text("account is disabled and every session")).to_be_visible()
        expect(page.get_by_text("Disabled: cannot sign in")).to_be_visible()
        expect(page.get_by_text("Not signed in anywhere.")).to_be_visible()
        events = page.get_by_role("list", name="Their events")
        expect(events.get_by_text("Disabled by an administrator")).to_be_visible()
        expect(events.get_by_text("By you").first).to_be_visible()

        # Their open tab: the next request fails, so does the refresh; it lands on /login.
        started = time.monotonic()
        tab.get_by_role("link", name="Account").click()
        tab.wait_for_url(LOGIN)
        assert time.monotonic() - started < 5
        expect(tab.get_by_text("Your session has ended. Please sign in again.")).to_be_visible()

        # The right password, but a disabled account: 403 account_disabled, said plainly.
        with tab.expect_response(lambda r: r.url.endswith("/api/auth/login")) as answer:
            sign_in(tab, base, address)
        assert answer.value.status == 403
        assert answer.value.json()["error"] == "account_disabled"
        expect(tab.get_by_text(DISABLED)).to_be_visible()
        assert LOGIN.search(tab.url)

        page.get_by_role("button", name="Enable").click()
        expect(page.get_by_text("Dot Disabled can sign in again.")).to_be_visible()
        expect(page.get_by_role("button", name="Disable")).to_be_visible()

        sign_in(tab, base, address)
        tab.wait_for_url(f"{base}/")
        # The person sees what an administrator did to their account.
        tab.goto(f"{base}/account")
        activity = tab.get_by_role("list", name="Recent activity")
        expect(activity.get_by_text("Disabled by an administrator")).to_be_visible()
        expect(activity.get_by_text("Enabled by an administrator")).to_be_visible()
    finally:
        theirs.close()


def test_an_admin_signs_out_one_session_of_a_person(
    browser: Browser, page: Page, admin_server: AdminServer
) -> None:
    base = admin_server.base
    address = person("sam")
    theirs = browser.new_context()
    theirs.set_default_timeout(10_000)
    try:
        tab = theirs.new_page()
        sign_up(tab, base, "Sam Sessions", address)

        sign_in_as_admin(page, admin_server)
        open_person(page, admin_server, address, "Sam Sessions")
        sessions = page.get_by_role("list", name="Their sessions")
        sessions.get_by_role("button", name="Sign out").click()
        expect(page.get_by_text("Not signed in anywhere.")).to_be_visible()
        expect(page.get_by_text("Signed out by an administrator").first).to_be_visible()

        tab.reload()
        tab.wait_for_url(LOGIN)
    finally:
        theirs.close()


def test_make_admin_and_remove_admin(
    browser: Browser, page: Page, admin_server: AdminServer
) -> None:
    base = admin_server.base
    address = person("max")
    theirs = browser.new_context()
    theirs.set_default_timeout(10_000)
    try:
        tab = theirs.new_page()
        sign_up(tab, base, "Max Promoted", address)

        sign_in_as_admin(page, admin_server)
        open_person(page, admin_server, address, "Max Promoted")
        page.get_by_role("button", name="Make admin").click()
        expect(page.get_by_text("Max Promoted is now an administrator.")).to_be_visible()
        expect(page.get_by_text("Administrator", exact=True)).to_be_visible()
        expect(page.get_by_text("Role changed by an administrator").first).to_be_visible()

        # Their role shows in their own browser within a second: the link and the page open to them.
        tab.wait_for_timeout(1_100)
        tab.reload()
        tab.get_by_role("link", name="Administration").click()
        expect(tab.get_by_label("Search users")).to_be_visible()

        page.get_by_role("button", name="Remove admin").click()
        expect(page.get_by_text("Max Promoted is no longer an administrator.")).to_be_visible()
        expect(page.get_by_role("button", name="Make admin")).to_be_visible()

        tab.wait_for_timeout(1_100)
        tab.goto(f"{base}/admin")
        expect(tab.get_by_text("Not allowed")).to_be_visible()
    finally:
        theirs.close()


def test_delete_user_asks_to_confirm(page: Page, admin_server: AdminServer) -> None:
    base = admin_server.base
    address = person("del")
    sign_up_by_api(base, "Del Deleted", address)

    sign_in_as_admin(page, admin_server)
    open_person(page, admin_server, address, "Del Deleted")

    page.get_by_role("button", name="Delete user").click()
    dialog = page.get_by_role("dialog", name="Delete Del Deleted?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("heading", name="Del Deleted")).to_be_visible()

    page.get_by_role("button", name="Delete user").click()
    dialog.get_by_role("button", name="Delete permanently").click()
    page.wait_for_url(re.compile(r"/admin/?$"))
    expect(page.get_by_text("Del Deleted's account was deleted.")).to_be_visible()
    page.get_by_label("Search users").fill(address.split("@")[0])
    expect(page.get_by_text("No one's name or email starts with")).to_be_visible()

    login = httpx.post(f"{base}/api/auth/login", json={"email": address, "password": PASSWORD})
    assert login.status_code == 401


def test_the_last_admin_cannot_demote_disable_or_delete_themselves(
    page: Page, mailbox: Mailbox
) -> None:
    with serving_with_an_admin(mailbox) as server:
        sign_in_as_admin(page, server)
        open_person(page, server, server.admin_email, "Grace Admin")
        page.get_by_role("button", name="Remove admin").click()
        expect(page.get_by_text(LAST_ADMIN)).to_be_visible()
        page.get_by_role("button", name="Disable").click()
        expect(page.get_by_text(LAST_ADMIN).first).to_be_visible()
        page.get_by_role("button", name="Delete user").click()
        page.get_by_role("dialog").get_by_role("button", name="Delete permanently").click()
        expect(page.get_by_role("dialog")).to_be_hidden()
        expect(page.get_by_text(LAST_ADMIN).first).to_be_visible()
        expect(page.get_by_role("heading", name="Grace Admin")).to_be_visible()
        expect(page.get_by_text("Administrator", exact=True)).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_admin_pages_have_no_serious_axe_violations(
    browser: Browser, admin_server: AdminServer, scheme: str
) -> None:
    address = person("axe")
    sign_up_by_api(admin_server.base, "Axe Checked", address)
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        sign_in_as_admin(page, admin_server)
        open_person(page, admin_server, address, "Axe Checked")
        events = page.get_by_role("list", name="Their events")
        expect(page.get_by_text("Nothing yet.").or_(events).first).to_be_visible()
        assert axe_violations(page) == []
        page.get_by_role("button", name="Delete user").click()
        expect(page.get_by_role("dialog")).to_be_visible()
        assert axe_violations(page) == []
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_be_hidden()
        page.goto(f"{admin_server.base}/admin")
        expect(page.get_by_role("table", name="Users").locator("tbody tr").first).to_be_visible()
        assert axe_violations(page) == []
    finally:
        context.close()


def axe_violations(page: Page) -> list[dict[str, object]]:
    """axe-core's serious and critical findings (as in test_accessibility.py)."""
    page.add_script_tag(path=str(ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    return [v for v in result if v["impact"] in ("serious", "critical")]
