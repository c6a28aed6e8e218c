"""POST /api/auth/token: plain OAuth 2 (RFC 6749 4.3, 6, 5.1 and 5.2), for API clients
and Swagger UI's Authorize button. Its answers are not envelopes.

An account with a second factor gets 403 `mfa_required` with an `mfa_token` for the
password grant, and finishes with the `mfa-otp` grant (as Auth0's MFA API does)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import JSONResponse

from authgate.application.auth.login import Login
from authgate.application.auth.refresh import Refresh
from authgate.application.auth.sign_in import SecondFactorRequired
from authgate.application.mfa.login_step import CompleteMfaLogin
from authgate.domain.errors import (
    AccountDisabled,
    InvalidCredentials,
    InvalidMfaCode,
    InvalidMfaToken,
    InvalidRefreshToken,
    RefreshTokenReused,
)
from authgate.domain.values import has_control_characters
from authgate.presentation.dependencies import Client, ContainerDep
from authgate.presentation.rate_limits import TokenEndpointLimit
from authgate.presentation.responses import errors
from authgate.presentation.route_traits import OAUTH2_TOKEN, speaks
from authgate.presentation.schemas import OAuthError, OAuthToken
from authgate.presentation.transports import OAuth2Transport

router = APIRouter(prefix="/api/auth", tags=["oauth2"])

FormField = Annotated[str | None, Form(max_length=1024)]
MFA_OTP_GRANT = "urn:authgate:params:oauth:grant-type:mfa-otp"
oauth2 = OAuth2Transport()


@router.post(
    "/token",
    response_model=OAuthToken,
    responses={
        400: {"model": OAuthError, "description": "RFC 6749 5.2 error"},
        403: {"model": OAuthError, "description": "`mfa_required`, with an `mfa_token`"},
        **errors(413, 429, 503),
    },
    dependencies=[TokenEndpointLimit],
)
@speaks(OAUTH2_TOKEN)
async def token(
    container: ContainerDep,
    client: Client,
    grant_type: FormField = None,
    username: FormField = None,
    password: FormField = None,
    refresh_token: FormField = None,
    mfa_token: FormField = None,
    otp: FormField = None,
) -> JSONResponse:
    fields = (grant_type, username, refresh_token, mfa_token, otp)
    if has_control_characters("".join(f or "" for f in fields)):
        return oauth2.error("invalid_request", "Fields must not contain control characters")
    if grant_type == "password":
        if not username or password is None:
            return oauth2.error("invalid_request", "username and password are required")
        return await _password_grant(container, Login(username, password, client))
    if grant_type == "refresh_token":
        if not refresh_token:
            return oauth2.error("invalid_request", "refresh_token is required")
        return await _refresh_grant(container, Refresh(refresh_token, client))
    if grant_type == MFA_OTP_GRANT:
        if not mfa_token or not otp:
            return oauth2.error("invalid_request", "mfa_token and otp are required")
        return await _mfa_grant(container, CompleteMfaLogin(mfa_token, otp, client))
    if not grant_type:
        return oauth2.error("invalid_request", "grant_type is required")
    return oauth2.error("unsupported_grant_type", "Use the password or refresh_token grant")


async def _password_grant(container: ContainerDep, command: Login) -> JSONResponse:
    try:
        outcome = await container.auth.login(command)
    except (InvalidCredentials, AccountDisabled) as exc:
        return oauth2.error("invalid_grant", exc.message)
    if isinstance(outcome, SecondFactorRequired):
        description = f"A second factor is required; use the {MFA_OTP_GRANT} grant"
        return oauth2.error("mfa_required", description, 403, mfa_token=outcome.mfa_token)
    return oauth2.tokens(outcome.tokens)


async def _refresh_grant(container: ContainerDep, command: Refresh) -> JSONResponse:
    try:
        return oauth2.tokens(await container.auth.refresh(command))
    except (InvalidRefreshToken, RefreshTokenReused) as exc:
        return oauth2.error("invalid_grant", exc.message)


async def _mfa_grant(container: ContainerDep, command: CompleteMfaLogin) -> JSONResponse:
    try:
        started = await container.auth.complete_mfa_login(command)
    except (InvalidMfaCode, InvalidMfaToken, AccountDisabled) as exc:
        return oauth2.error("invalid_grant", exc.message)
    return oauth2.tokens(started.tokens)
