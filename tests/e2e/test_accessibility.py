"""axe-core, injected from npm's package, finds no serious or critical violations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import ROOT, sign_up, unique_email, wait_for_form

AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """The pages' CSP allows only their own inline scripts; the test tool's injected
    axe script is let through by the browser, not by the policy."""
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def violations(page: Page) -> list[dict[str, object]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("route", ["/login", "/signup", "/forgot-password"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_signed_out_pages_have_no_serious_violations(
    page: Page, server: str, route: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(f"{server}{route}")
    wait_for_form(page)
    assert violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_signed_in_pages_have_no_serious_violations(page: Page, server: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    sign_up(page, server, "Ada", unique_email())
    assert violations(page) == []
    page.goto(f"{server}/account")
    page.get_by_role("button", name="Sign out everywhere").wait_for()
    assert violations(page) == []
