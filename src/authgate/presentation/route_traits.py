"""What a route speaks, declared on the route itself.

Most API routes take JSON and answer envelopes. A route that differs (the OAuth 2
token endpoint today; provider redirects and `/.well-known` documents later) says so
with `@speaks(...)` under its decorator. The middleware, which runs before routing,
reads the declarations once from the app's routes; error handlers read the matched
route's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from starlette.routing import BaseRoute, Route
from starlette.types import Scope

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class RouteTraits:
    body: Literal["json", "form", "none"] = "json"
    errors: Literal["envelope", "oauth2", "redirect"] = "envelope"
    # A route that signs in is CSRF-checked with or without cookies, and a bearer
    # header never exempts it: a cross-site form must not guess passwords through it.
    signs_in: bool = False


JSON_API = RouteTraits()
SIGN_IN = RouteTraits(signs_in=True)
OAUTH2_TOKEN = RouteTraits(body="form", errors="oauth2", signs_in=True)
# Documents for other services (`/.well-known/...`): plain JSON, no body to check.
JSON_DOCUMENT = RouteTraits(body="none")
# Browser navigations (provider redirects): every answer is a redirect, never JSON.
BROWSER_REDIRECT = RouteTraits(body="none", errors="redirect")


def speaks(traits: RouteTraits) -> Callable[[F], F]:
    def declare(endpoint: F) -> F:
        endpoint.route_traits = traits  # type: ignore[attr-defined]
        return endpoint

    return declare


def traits_of_endpoint(endpoint: Callable[..., Any] | None) -> RouteTraits:
    return getattr(endpoint, "route_traits", JSON_API)


def traits_of_scope(scope: Scope) -> RouteTraits:
    """The matched route's traits (set once routing has run)."""
    route = scope.get("route")
    return traits_of_endpoint(getattr(route, "endpoint", None))


class RouteTraitsByPath:
    """For middleware, which runs before routing: the few routes that declared other
    traits, matched by their own path patterns."""

    def __init__(self) -> None:
        self._declared: list[tuple[re.Pattern[str], RouteTraits]] = []

    def load(self, routes: Iterable[BaseRoute]) -> None:
        for route in routes:
            traits = traits_of_endpoint(getattr(route, "endpoint", None))
            if isinstance(route, Route) and traits != JSON_API:
                self._declared.append((route.path_regex, traits))

    def __call__(self, path: str) -> RouteTraits:
        return next((t for regex, t in self._declared if regex.match(path)), JSON_API)
