"""Tabs of one browser share a session: they sign out together and take turns
to refresh it."""

from __future__ import annotations

import itertools
import re

from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, expect

from tests.e2e.conftest import sign_in, sign_up, unique_email

SESSION_ENDED = "Your session has ended. Please sign in again."
LOGIN = re.compile(r"/login/?(\?.*)?$")


def is_refresh(request: Request) -> bool:
    return request.url.endswith("/api/auth/refresh")


def span(request: Request) -> tuple[float, float]:
    """When the request started and when its response ended, in ms since the epoch."""
    start = request.timing["startTime"]
    return start, start + request.timing["responseEnd"]


def open_tab(context: BrowserContext, url: str) -> Page:
    tab = context.new_page()
    tab.goto(url)
    return tab


def test_signing_out_in_one_tab_sends_the_others_to_login(
    context: BrowserContext, server: str
) -> None:
    first = context.new_page()
    sign_up(first, server, "Ada", unique_email())
    second = open_tab(context, f"{server}/account")
    expect(second.get_by_role("button", name="Sign out everywhere")).to_be_visible()

    first.get_by_role("button", name="Sign out").click()

    second.wait_for_url(LOGIN)
    expect(second.get_by_text(SESSION_ENDED)).to_be_visible()


def test_a_session_ended_elsewhere_ends_in_every_tab_with_a_message(
    browser: Browser, context: BrowserContext, server: str
) -> None:
    address = unique_email()
    home = context.new_page()
    sign_up(home, server, "Ada", address)
    account = open_tab(context, f"{server}/account")
    expect(account.get_by_role("button", name="Sign out everywhere")).to_be_visible()

    elsewhere = browser.new_context()
    try:
        other = elsewhere.new_page()
        sign_in(other, server, address)
        other.wait_for_url(f"{server}/")
        other.goto(f"{server}/account")
        other.get_by_role("button", name="Sign out everywhere").click()
        other.wait_for_url(LOGIN)
    finally:
        elsewhere.close()

    account.reload()  # its next request finds the session gone, and so does the refresh
    for tab in (account, home):
        tab.wait_for_url(LOGIN)
        expect(tab.get_by_text(SESSION_ENDED)).to_be_visible()


def test_tabs_never_refresh_at_the_same_time(
    context: BrowserContext, short_ttl_server: str
) -> None:
    server = short_ttl_server
    first = context.new_page()
    sign_up(first, server, "Ada", unique_email())
    second = open_tab(context, f"{server}/")
    expect(second.get_by_text("Ada").first).to_be_visible()

    refreshes: list[Request] = []
    context.on("requestfinished", lambda r: refreshes.append(r) if is_refresh(r) else None)
    held: list[Route] = []  # a slow refresh: any other tab's refresh would overlap it
    context.route("**/api/auth/refresh", lambda route: held.append(route))
    first.wait_for_timeout(3_000)  # both tabs' access token has expired

    first.reload(wait_until="commit")
    second.reload(wait_until="commit")
    for _ in range(4):
        first.wait_for_timeout(1_000)
        while held:
            held.pop().continue_()
    for tab in (first, second):
        expect(tab.get_by_text("Ada").first).to_be_visible()

    assert refreshes, "the expired access token was refreshed"
    statuses = [r.response().status for r in refreshes]  # type: ignore[union-attr]
    assert set(statuses) == {200}, statuses
    spans = sorted(span(r) for r in refreshes)
    overlapping = [(a, b) for a, b in itertools.pairwise(spans) if b[0] < a[1]]
    assert overlapping == [], "two tabs refreshed at once"
    assert not any(LOGIN.search(tab.url) for tab in (first, second))
