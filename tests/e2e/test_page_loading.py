"""The sign-in page before its form's code has arrived: nothing typed is lost,
and nothing typed is submitted the browser's own way (into the address)."""

from __future__ import annotations

import re
from urllib.parse import quote_plus

import httpx
from playwright.sync_api import Page, Route, expect

from tests.e2e.conftest import PASSWORD, unique_email


def lazy_chunks(base: str) -> list[str]:
    """The scripts /login's HTML only preloads: its form's own code."""
    html = httpx.get(f"{base}/login/").text
    scripts = set(re.findall(r'<script[^>]*\bsrc="([^"]+)"', html))
    preloads = re.findall(r'<link[^>]*\bhref="([^"]+)"[^>]*\bas="script"', html)
    preloads += re.findall(r'<link[^>]*\bas="script"[^>]*\bhref="([^"]+)"', html)
    return sorted({href for href in preloads if href not in scripts})


def test_typing_before_the_form_is_ready_is_kept_and_not_submitted(page: Page, server: str) -> None:
    address = unique_email()
    signup = {"name": "Early Bird", "email": address, "password": PASSWORD}
    assert httpx.post(f"{server}/api/auth/signup", json=signup).status_code == 201

    chunks = lazy_chunks(server)
    assert chunks, "the sign-in form is expected to load as its own chunk"
    held: list[Route] = []
    page.route(re.compile("|".join(re.escape(c) for c in chunks)), lambda route: held.append(route))
    documents: list[str] = []
    page.on("request", lambda r: documents.append(r.url) if r.resource_type == "document" else None)

    page.goto(f"{server}/login", wait_until="domcontentloaded")
    page.get_by_label("Email").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    sign_in_button = page.get_by_role("button", name="Sign in", exact=True)
    expect(sign_in_button).to_be_disabled()
    page.wait_for_timeout(300)
    assert held, "the form's chunk was requested"

    for route in held:
        route.continue_()
    page.unroute_all()

    expect(sign_in_button).to_be_enabled()
    expect(page.get_by_label("Email")).to_have_value(address)
    expect(page.get_by_label("Password")).to_have_value(PASSWORD)
    sign_in_button.click()
    page.wait_for_url(f"{server}/")
    expect(page.get_by_text(address).first).to_be_visible()

    assert [url for url in documents if "?" in url] == []
    assert not any(quote_plus(PASSWORD) in url or PASSWORD in url for url in documents)
