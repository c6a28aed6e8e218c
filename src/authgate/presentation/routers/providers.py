"""Sign-in through OpenID Connect providers: browser redirects, never JSON pages; and
the person's linked providers."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse
from pydantic import BaseModel

from authgate.application.account.reauthentication import Proof
from authgate.application.providers.callback import CompleteProviderFlow
from authgate.application.providers.flows import StartProviderFlow
from authgate.application.providers.identities import UnlinkIdentity
from authgate.domain.errors import DomainError, OidcFailure
from authgate.domain.identities import Identity
from authgate.domain.models import Principal
from authgate.presentation.cookies import ACCESS_COOKIE, NO_STORE
from authgate.presentation.dependencies import Client, ContainerDep, CurrentPrincipal
from authgate.presentation.envelope import Envelope, ok
from authgate.presentation.responses import errors
from authgate.presentation.route_traits import BROWSER_REDIRECT, speaks
from authgate.presentation.schemas import CurrentPasswordRequest
from authgate.presentation.transports import CookieTransport

sign_in = APIRouter(prefix="/api/auth", tags=["providers"])
mine = APIRouter(prefix="/api/users/me/identities", tags=["providers"])
FLOW_COOKIE = "oidc-flow"
FLOW_COOKIE_PATH = "/api/auth/oidc"
FLOW_SECONDS = 600
PROVIDER_NAME = r"^[a-z0-9][a-z0-9_-]{0,31}$"
CallbackParam = Annotated[str | None, Query(max_length=4096)]


class ProviderInfo(BaseModel):
    name: str
    display_name: str


class IdentityInfo(BaseModel):
    provider: str
    email: str | None
    created_at: str

    @classmethod
    def of(cls, identity: Identity) -> IdentityInfo:
        created = identity.created_at.isoformat()
        return cls(provider=identity.provider, email=identity.email, created_at=created)


@sign_in.get("/providers", response_model=Envelope[list[ProviderInfo]])
async def providers(container: ContainerDep) -> dict[str, object]:
    listed = await container.providers.list_providers()
    return ok([ProviderInfo(name=name, display_name=shown) for name, shown in listed])


@sign_in.get(
    "/oidc/{name}/authorize",
    status_code=302,
    response_class=RedirectResponse,
    responses={302: {"description": "To the provider"}, **errors(404, 422)},
)
async def authorize(
    name: str,
    request: Request,
    container: ContainerDep,
    next: Annotated[str, Query(max_length=2048)] = "/",
    intent: Literal["signin", "link"] = "signin",
) -> Response:
    """To the provider; a short-lived HttpOnly cookie binds the trip to this browser.
    `intent=link` links the provider to the signed-in person (a recent sign-in)."""
    principal = await _signed_in(request, container) if intent == "link" else None
    command = StartProviderFlow(
        name,
        intent,
        next,
        principal.user.id if principal else None,
        principal.authenticated_at if principal else None,
    )
    try:
        redirect = await container.providers.start_flow(command)
    except OidcFailure as failure:
        return _failed(failure)
    response = RedirectResponse(redirect.url, status_code=302, headers=NO_STORE)
    settings = container.settings
    response.set_cookie(
        FLOW_COOKIE,
        redirect.browser_secret,
        max_age=FLOW_SECONDS,
        path=FLOW_COOKIE_PATH,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="lax",  # sent on the provider's top-level redirect back
    )
    return response


@sign_in.get(
    "/oidc/{name}/callback",
    status_code=302,
    response_class=RedirectResponse,
    responses={302: {"description": "To `next`, or to the sign-in page with `error=`"}},
)
@speaks(BROWSER_REDIRECT)
async def callback(
    name: Annotated[str, PathParam(pattern=PROVIDER_NAME)],
    request: Request,
    container: ContainerDep,
    client: Client,
    code: CallbackParam = None,
    state: CallbackParam = None,
    error: CallbackParam = None,
) -> Response:
    """Back from the provider: to `next` signed in, or to /login (/account when
    linking) with `error=`. Even a malformed request is answered with a redirect."""
    cookie = request.cookies.get(FLOW_COOKIE)
    command = CompleteProviderFlow(name, state, cookie, code, error, client)
    try:
        outcome = await container.providers.complete_flow(command)
    except OidcFailure as failure:
        return _failed(failure)
    except DomainError as exc:  # e.g. a disabled account
        return _failed(OidcFailure(exc.code))
    response = RedirectResponse(outcome.next_path, status_code=302, headers=NO_STORE)
    if outcome.started is not None:
        CookieTransport(container.settings).signed_in(outcome.started, response)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_COOKIE_PATH)
    return response


def _failed(failure: OidcFailure) -> RedirectResponse:
    page = "/account" if failure.linking else "/login"
    response = RedirectResponse(
        f"{page}?{urlencode({'error': failure.code})}", status_code=302, headers=NO_STORE
    )
    response.delete_cookie(FLOW_COOKIE, path=FLOW_COOKIE_PATH)
    return response


async def _signed_in(request: Request, container: ContainerDep) -> Principal | None:
    try:
        return await container.auth.authenticate(request.cookies.get(ACCESS_COOKIE))
    except DomainError:
        return None


@mine.get("", response_model=Envelope[list[IdentityInfo]], responses=errors(401, 503))
async def identities(principal: CurrentPrincipal, container: ContainerDep) -> dict[str, object]:
    linked = await container.providers.list_identities(principal.user.id)
    return ok([IdentityInfo.of(i) for i in linked])


@mine.delete(
    "/{provider}",
    response_model=Envelope[None],
    responses=errors(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
)
async def unlink(
    provider: str,
    principal: CurrentPrincipal,
    container: ContainerDep,
    client: Client,
    body: Annotated[CurrentPasswordRequest | None, Body()] = None,
) -> dict[str, object]:
    """Unlinks a provider; never the last way to sign in."""
    password = body.current_password if body else None
    proof = Proof(principal.user.id, password, principal.authenticated_at, client)
    await container.providers.unlink_identity(UnlinkIdentity(proof, provider))
    return ok(None, "Provider unlinked")
