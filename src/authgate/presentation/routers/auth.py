"""Sign-up, sign-in and the life of a browser or API session."""

from __future__ import annotations

import functools
import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Request, Response

from authgate.application.login import Login
from authgate.application.logout import Logout, LogoutAll
from authgate.application.refresh import Refresh
from authgate.application.signup import Signup
from authgate.domain.errors import DomainError, InvalidRefreshToken
from authgate.domain.events import UserProfile
from authgate.presentation.cookies import (
    ACCESS_COOKIE,
    NO_STORE,
    REFRESH_COOKIE,
    clear_auth_cookies,
    no_store,
    set_auth_cookies,
)
from authgate.presentation.dependencies import Client, ContainerDep, CurrentPrincipal
from authgate.presentation.envelope import Envelope, ok
from authgate.presentation.errors import domain_error
from authgate.presentation.rate_limits import LoginLimit, RefreshLimit, SignupLimit
from authgate.presentation.responses import errors
from authgate.presentation.schemas import (
    LoginData,
    LoginRequest,
    LogoutRequest,
    RefreshRequest,
    SignupRequest,
    TokenPair,
    UserInfo,
)

router = APIRouter(prefix="/api/auth", tags=["auth"])


# Routes are tried in order: the busiest comes first.
@router.get(
    "/current-user",
    response_model=Envelope[UserInfo],
    responses=errors(401, 503),
)
async def current_user(principal: CurrentPrincipal) -> Response:
    """The busiest route: its answer is serialised once per version of a person."""
    body = _user_envelope(principal.user)
    return Response(body, media_type="application/json", headers=NO_STORE)


@functools.lru_cache(maxsize=10_000)
def _user_envelope(profile: UserProfile) -> bytes:
    envelope = Envelope[UserInfo](status_code=200, message="OK", data=UserInfo.of(profile))
    return envelope.model_dump_json().encode()


@router.post(
    "/signup",
    status_code=201,
    response_model=Envelope[UserInfo],
    responses=errors(403, 409, 413, 415, 422, 429, 503),
    dependencies=[SignupLimit],
)
async def signup(body: SignupRequest, container: ContainerDep) -> dict[str, object]:
    user = await container.signup(Signup(body.name, body.email, body.password))
    return ok(UserInfo.of(user), "Account created", 201)


@router.post(
    "/login",
    response_model=Envelope[LoginData],
    responses=errors(401, 403, 413, 415, 422, 429, 503),
    dependencies=[LoginLimit],
)
async def login(
    body: LoginRequest, container: ContainerDep, client: Client, response: Response
) -> dict[str, object]:
    result = await container.login(Login(body.email, body.password, client))
    set_auth_cookies(response, result.tokens, container.settings)
    data = LoginData(user=UserInfo.of(result.user), expires_in=result.tokens.expires_in)
    return ok(data, "Signed in")


@router.post(
    "/refresh",
    response_model=Envelope[TokenPair | None],
    responses=errors(401, 403, 413, 415, 422, 429, 503),
    dependencies=[RefreshLimit],
)
async def refresh(
    request: Request,
    container: ContainerDep,
    client: Client,
    response: Response,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> dict[str, object] | Response:
    """With a body, the new pair comes back in it (API clients); else in cookies."""
    token = body.refresh_token if body else request.cookies.get(REFRESH_COOKIE)
    no_store(response)
    if not token:
        raise InvalidRefreshToken()
    try:
        tokens = await container.refresh(Refresh(token, client))
    except DomainError as exc:
        if body is None:  # a dead cookie is of no use to the browser any more
            return _error_clearing_cookies(request, exc, container)
        raise
    if body is not None:
        pair = TokenPair(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_in=tokens.expires_in,
        )
        return ok(pair, "Tokens refreshed")
    set_auth_cookies(response, tokens, container.settings)
    return ok(None, "Tokens refreshed")


@router.post("/logout", response_model=Envelope[None], responses=errors(403, 413, 415, 422))
async def logout(
    request: Request,
    container: ContainerDep,
    client: Client,
    response: Response,
    body: Annotated[LogoutRequest | None, Body()] = None,
) -> dict[str, object]:
    refresh_token = (body.refresh_token if body else None) or request.cookies.get(REFRESH_COOKIE)
    session_id = None
    access = _bearer(request) or request.cookies.get(ACCESS_COOKIE)
    if access:
        try:
            session_id = await _session_of(container, access)
        except DomainError:
            session_id = None  # logging out with a dead token is still a logout
    await container.logout(Logout(refresh_token, session_id, client))
    clear_auth_cookies(response, container.settings)
    return ok(None, "Signed out")


@router.post("/logout-all", response_model=Envelope[None], responses=errors(401, 403, 503))
async def logout_all(
    principal: CurrentPrincipal, container: ContainerDep, client: Client, response: Response
) -> dict[str, object]:
    await container.logout_all(LogoutAll(principal.user.id, client))
    clear_auth_cookies(response, container.settings)
    return ok(None, "Signed out everywhere")


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


async def _session_of(container: ContainerDep, token: str) -> uuid.UUID:
    principal = await container.authenticate(token)
    return principal.session_id


def _error_clearing_cookies(
    request: Request, exc: DomainError, container: ContainerDep
) -> Response:
    response = domain_error(request, exc)
    clear_auth_cookies(response, container.settings)
    return response
