"""A person signs up, out and in; tokens never reach script-visible storage."""

from __future__ import annotations

import json
import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.conftest import PASSWORD, sign_in, sign_up, unique_email, wait_for_form

WELCOME = "Welcome back! You're now logged in."


def test_sign_up_lands_home_signed_in(page: Page, server: str) -> None:
    address = unique_email()
    sign_up(page, server, "Grace Hopper", address)
    expect(page.get_by_text("Grace Hopper").first).to_be_visible()
    expect(page.get_by_text(address).first).to_be_visible()
    expect(page.get_by_role("link", name="Account")).to_be_visible()


def test_sign_out_then_wrong_password_then_sign_in(page: Page, server: str) -> None:
    address = unique_email()
    sign_up(page, server, "Ada", address)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/?"))

    sign_in(page, server, address, "not the password at all")
    expect(page.get_by_text("Invalid email or password")).to_be_visible()
    assert "/login" in page.url

    sign_in(page, server, address)
    expect(page.get_by_text(WELCOME)).to_be_visible()
    page.wait_for_url(f"{server}/")
    expect(page.get_by_text(address).first).to_be_visible()


def test_no_token_in_cookies_visible_to_scripts_or_in_storage(page: Page, server: str) -> None:
    address = unique_email()
    sign_up(page, server, "Ada", address)
    assert "token" not in page.evaluate("document.cookie")
    storage = page.evaluate("JSON.stringify(Object.assign({}, window.localStorage))")
    session = page.evaluate("JSON.stringify(Object.assign({}, window.sessionStorage))")
    for text in (storage, session):
        assert not re.search(r"[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}", text), text
        assert address not in text and "Ada" not in text
    persisted = [json.loads(v) for v in json.loads(storage).values()]
    assert any(v.get("state") == {"isSignedIn": True} for v in persisted if isinstance(v, dict))


def test_signed_out_visit_returns_to_the_page_after_sign_in(page: Page, server: str) -> None:
    address = unique_email()
    sign_up(page, server, "Ada", address)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/?"))
    page.goto(f"{server}/account")
    page.wait_for_url(re.compile(r"/login/?\?"))
    page.get_by_label("Email").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/account/?$"))


def test_expired_access_token_is_invisible(context: BrowserContext, short_ttl_server: str) -> None:
    page = context.new_page()
    address = unique_email()
    sign_up(page, short_ttl_server, "Ada", address)
    page.wait_for_timeout(3_000)  # the access token has expired by now
    page.get_by_role("link", name="Account").click()
    page.wait_for_url(re.compile(r"/account/?$"))
    expect(page.get_by_role("button", name="Sign out everywhere")).to_be_visible()
    page.wait_for_timeout(2_500)
    page.reload()
    expect(page.get_by_label("Name")).to_have_value("Ada")
    assert "/login" not in page.url


def test_a_next_target_that_normalises_off_site_lands_home(page: Page, server: str) -> None:
    address = unique_email()
    sign_up(page, server, "Ada", address)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/?"))
    page.route(re.compile(r"^https?://evil\.example"), lambda route: route.abort())
    page.goto(f"{server}/login?next=/.//evil.example/phish")
    wait_for_form(page)
    page.get_by_label("Email").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text(WELCOME)).to_be_visible()
    page.wait_for_url(f"{server}/")
    expect(page.get_by_text(address).first).to_be_visible()
    assert page.url == f"{server}/"


def test_pages_run_under_a_csp_without_unsafe_inline_scripts(page: Page, server: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def visit(route: str) -> None:
        resp = page.goto(f"{server}{route}")
        assert resp is not None
        script_src = next(
            d for d in resp.headers["content-security-policy"].split(";") if "script-src" in d
        )
        assert "'unsafe-inline'" not in script_src and "'sha256-" in script_src, route

    for route in ("/login", "/signup", "/forgot-password"):
        visit(route)
        wait_for_form(page)  # hydrated: the inline scripts that boot the page ran
    sign_up(page, server, "Ada", unique_email())
    visit("/account")
    expect(page.get_by_role("button", name="Sign out everywhere")).to_be_visible()
    assert errors == []
