"""Swagger UI works with no network beyond this origin."""

from __future__ import annotations

from playwright.sync_api import Page, Route, expect


def test_swagger_ui_renders_the_api_from_this_origin_alone(page: Page, server: str) -> None:
    elsewhere: list[str] = []

    def refuse_other_origins(route: Route) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", refuse_other_origins)
    page.goto(f"{server}/api/docs")
    expect(page.get_by_role("heading", name="authgate")).to_be_visible()
    expect(page.get_by_text("/api/auth/login").first).to_be_visible()
    assert elsewhere == []
