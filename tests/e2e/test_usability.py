"""Keyboard use, visible focus, announced toasts and a steady layout."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD, sign_up, unique_email, wait_for_form

# Sums every layout shift of the page so far (Cumulative Layout Shift without
# session windows: stricter than the Web Vitals figure).
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 500);
})"""

# A browser paints a page it has only partly parsed. Each element of <main>
# whose place changes once everything after it in the document is taken away
# would shift on such a paint when the rest arrives.
MOVED_BY_WHAT_FOLLOWS = """() => {
  const main = document.querySelector("main");
  const moved = [];
  for (const element of main.querySelectorAll("*")) {
    const before = element.getBoundingClientRect();
    const removed = [];
    for (let node = element; node !== main; node = node.parentNode) {
      for (let next = node.nextSibling; next; next = node.nextSibling) {
        removed.push([node.parentNode, next]);
        next.remove();
      }
    }
    const after = element.getBoundingClientRect();
    for (const [parent, child] of removed) parent.appendChild(child);
    if (before.x !== after.x || before.y !== after.y) moved.push(element.outerHTML.slice(0, 80));
  }
  return moved;
}"""

FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none";
}"""


def focused_label(page: Page) -> str:
    return str(
        page.evaluate(
            "() => document.activeElement.labels?.[0]?.textContent"
            " ?? document.activeElement.textContent"
        )
    ).strip()


def test_sign_in_by_keyboard_alone_with_a_visible_focus(page: Page, server: str) -> None:
    address = unique_email()
    sign_up(page, server, "Ada", address)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/?"))
    page.reload()
    wait_for_form(page)

    page.keyboard.press("Tab")
    assert focused_label(page) == "Skip to content"
    assert page.evaluate(FOCUS_RING)
    page.keyboard.press("Enter")  # skips the header's link
    page.keyboard.press("Tab")
    assert focused_label(page) == "Create an account"
    page.keyboard.press("Tab")
    assert focused_label(page) == "Email"
    assert page.evaluate(FOCUS_RING)
    page.keyboard.type(address)
    page.keyboard.press("Tab")
    assert focused_label(page) == "Password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/")
    expect(page.get_by_text(address).first).to_be_visible()


def test_toasts_are_announced(page: Page, server: str) -> None:
    page.goto(f"{server}/login")
    wait_for_form(page)
    page.get_by_label("Email").fill(unique_email())
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    live_region = page.locator("[aria-live=polite], [aria-live=assertive], [role=status]")
    expect(live_region.get_by_text("Invalid email or password")).to_be_visible()


@pytest.mark.parametrize("route", ["/login", "/signup", "/forgot-password"])
def test_signed_out_pages_do_not_shift_while_loading(page: Page, server: str, route: str) -> None:
    page.goto(f"{server}{route}")
    wait_for_form(page)
    assert page.evaluate(LAYOUT_SHIFT) == 0


SIGNED_OUT_FORMS = ["/login", "/signup", "/forgot-password", "/reset-password?token=x"]


@pytest.mark.parametrize("route", SIGNED_OUT_FORMS)
def test_signed_out_pages_hold_still_as_html_arrives(page: Page, server: str, route: str) -> None:
    page.goto(f"{server}{route}")
    wait_for_form(page)
    assert page.evaluate(MOVED_BY_WHAT_FOLLOWS) == []


def test_signed_in_pages_do_not_shift_while_loading(page: Page, server: str) -> None:
    sign_up(page, server, "Ada", unique_email())
    for route, ready in (("/", "Account"), ("/account", "Sign out everywhere")):
        page.goto(f"{server}{route}")
        page.get_by_role("button", name=ready).or_(page.get_by_role("link", name=ready)).wait_for()
        assert page.evaluate(LAYOUT_SHIFT) < 0.01, route
