"""POST /api/auth/token: plain OAuth 2 (RFC 6749 4.3, 6, 5.1 and 5.2), for API clients
and Swagger UI's Authorize button. Its answers are not envelopes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import JSONResponse

from authgate.application.login import Login
from authgate.application.refresh import Refresh
from authgate.domain.errors import (
    InvalidCredentials,
    InvalidRefreshToken,
    RefreshTokenReused,
)
from authgate.domain.models import IssuedTokens
from authgate.domain.values import has_control_characters
from authgate.presentation.cookies import NO_STORE
from authgate.presentation.dependencies import Client, ContainerDep
from authgate.presentation.rate_limits import TokenEndpointLimit
from authgate.presentation.responses import errors
from authgate.presentation.schemas import OAuthError, OAuthToken

router = APIRouter(prefix="/api/auth", tags=["oauth2"])

FormField = Annotated[str | None, Form(max_length=1024)]


@router.post(
    "/token",
    response_model=OAuthToken,
    responses={
        400: {"model": OAuthError, "description": "RFC 6749 5.2 error"},
        **errors(413, 429, 503),
    },
    dependencies=[TokenEndpointLimit],
)
async def token(
    container: ContainerDep,
    client: Client,
    grant_type: FormField = None,
    username: FormField = None,
    password: FormField = None,
    refresh_token: FormField = None,
) -> JSONResponse:
    if has_control_characters(f"{grant_type}{username}{refresh_token}"):
        return oauth_error("invalid_request", "Fields must not contain control characters")
    if grant_type == "password":
        if not username or password is None:
            return oauth_error("invalid_request", "username and password are required")
        try:
            result = await container.login(Login(username, password, client))
        except InvalidCredentials:
            return oauth_error("invalid_grant", "Invalid email or password")
        return token_response(result.tokens)
    if grant_type == "refresh_token":
        if not refresh_token:
            return oauth_error("invalid_request", "refresh_token is required")
        try:
            tokens = await container.refresh(Refresh(refresh_token, client))
        except (InvalidRefreshToken, RefreshTokenReused) as exc:
            return oauth_error("invalid_grant", exc.message)
        return token_response(tokens)
    if not grant_type:
        return oauth_error("invalid_request", "grant_type is required")
    return oauth_error("unsupported_grant_type", "Use the password or refresh_token grant")


def token_response(tokens: IssuedTokens) -> JSONResponse:
    body = OAuthToken(
        access_token=tokens.access_token,
        expires_in=tokens.expires_in,
        refresh_token=tokens.refresh_token,
    )
    return JSONResponse(body.model_dump(), headers=NO_STORE)


def oauth_error(error: str, description: str) -> JSONResponse:
    body: dict[str, Any] = {"error": error, "error_description": description}
    return JSONResponse(body, status_code=400, headers=NO_STORE)
