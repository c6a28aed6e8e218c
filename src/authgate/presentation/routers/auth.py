"""Sign-up, sign-in and the life of a browser or API session."""

from __future__ import annotations

import functools
import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Request, Response

from authgate.application.auth.login import Login
from authgate.application.auth.logout import Logout, LogoutAll
from authgate.application.auth.refresh import Refresh
from authgate.application.auth.sign_in import SecondFactorRequired
from authgate.application.auth.signup import Signup
from authgate.application.mfa.login_step import CompleteMfaLogin
from authgate.domain.errors import DomainError, InvalidRefreshToken
from authgate.domain.events import UserProfile
from authgate.presentation.cookies import ACCESS_COOKIE, NO_STORE, no_store
from authgate.presentation.dependencies import Client, ContainerDep, CurrentPrincipal, signed_in
from authgate.presentation.envelope import Envelope, ok
from authgate.presentation.mfa_schemas import MfaChallenge, MfaLoginRequest
from authgate.presentation.rate_limits import LoginLimit, RefreshLimit, SignupLimit
from authgate.presentation.responses import errors
from authgate.presentation.route_traits import SIGN_IN, speaks
from authgate.presentation.schemas import (
    LoginData,
    LoginRequest,
    LogoutRequest,
    RefreshRequest,
    SignupRequest,
    TokenPair,
    UserInfo,
)
from authgate.presentation.transports import BodyTransport, CookieTransport, Transport

router = APIRouter(prefix="/api/auth", tags=["auth"])


# Routes are tried in order: the busiest comes first.
@router.get(
    "/current-user",
    response_model=Envelope[UserInfo],
    responses=errors(401, 503),
    openapi_extra={"security": [{signed_in.scheme_name: []}]},
)
async def current_user(request: Request) -> Response:
    """The signed-in person's current info."""
    # The busiest route calls the scheme itself rather than declare it a dependency:
    # FastAPI's resolving of one costs 12 µs, a sixth of this route (bench/README.md).
    principal = await signed_in(request)
    # Its answer is serialised once per version of a person.
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
@speaks(SIGN_IN)
async def signup(body: SignupRequest, container: ContainerDep) -> dict[str, object]:
    user = await container.auth.signup(Signup(body.name, body.email, body.password))
    return ok(UserInfo.of(user), "Account created", 201)


@router.post(
    "/login",
    response_model=Envelope[LoginData | MfaChallenge],
    responses=errors(401, 403, 413, 415, 422, 429, 503),
    dependencies=[LoginLimit],
)
@speaks(SIGN_IN)
async def login(
    body: LoginRequest, container: ContainerDep, client: Client, response: Response
) -> dict[str, object]:
    """Signs in and sets both cookies; with a second factor on, sets none and answers
    an `mfa_token` for /api/auth/login/mfa instead."""
    outcome = await container.auth.login(Login(body.email, body.password, client))
    if isinstance(outcome, SecondFactorRequired):
        no_store(response)
        challenge = MfaChallenge(mfa_token=outcome.mfa_token, methods=list(outcome.methods))
        return ok(challenge, "Enter your authentication code")
    return ok(CookieTransport(container.settings).signed_in(outcome, response), "Signed in")


@router.post(
    "/login/mfa",
    response_model=Envelope[LoginData],
    responses=errors(401, 403, 413, 415, 422, 429, 503),
    dependencies=[LoginLimit],
)
@speaks(SIGN_IN)
async def login_mfa(
    body: MfaLoginRequest, container: ContainerDep, client: Client, response: Response
) -> dict[str, object]:
    """The second step of a sign-in: sets both cookies like login."""
    started = await container.auth.complete_mfa_login(
        CompleteMfaLogin(body.mfa_token, body.code, client)
    )
    return ok(CookieTransport(container.settings).signed_in(started, response), "Signed in")


@router.post(
    "/refresh",
    response_model=Envelope[TokenPair | None],
    responses=errors(401, 403, 413, 415, 422, 429, 503),
    dependencies=[RefreshLimit],
)
@speaks(SIGN_IN)
async def refresh(
    request: Request,
    container: ContainerDep,
    client: Client,
    response: Response,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> dict[str, object] | Response:
    """With a body, the new pair comes back in it (API clients); else in cookies."""
    transport: Transport = BodyTransport() if body else CookieTransport(container.settings)
    token = transport.presented_refresh_token(request, body.refresh_token if body else None)
    no_store(response)
    try:
        if not token:
            raise InvalidRefreshToken()
        tokens = await container.auth.refresh(Refresh(token, client))
    except DomainError as exc:
        return transport.refused(request, exc)
    return ok(transport.refreshed(tokens, response), "Tokens refreshed")


@router.post("/logout", response_model=Envelope[None], responses=errors(403, 413, 415, 422))
async def logout(
    request: Request,
    container: ContainerDep,
    client: Client,
    response: Response,
    body: Annotated[LogoutRequest | None, Body()] = None,
) -> dict[str, object]:
    cookies = CookieTransport(container.settings)
    refresh_token = (body and body.refresh_token) or cookies.presented_refresh_token(request, None)
    session_id = None
    access = _bearer(request) or request.cookies.get(ACCESS_COOKIE)
    if access:
        try:
            session_id = await _session_of(container, access)
        except DomainError:
            session_id = None  # logging out with a dead token is still a logout
    await container.auth.logout(Logout(refresh_token, session_id, client))
    cookies.signed_out(response)
    return ok(None, "Signed out")


@router.post("/logout-all", response_model=Envelope[None], responses=errors(401, 403, 503))
async def logout_all(
    principal: CurrentPrincipal, container: ContainerDep, client: Client, response: Response
) -> dict[str, object]:
    await container.auth.logout_all(LogoutAll(principal.user.id, client))
    CookieTransport(container.settings).signed_out(response)
    return ok(None, "Signed out everywhere")


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


async def _session_of(container: ContainerDep, token: str) -> uuid.UUID:
    principal = await container.auth.authenticate(token)
    return principal.session_id
