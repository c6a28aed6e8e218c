"""The browser transport: tokens in HttpOnly cookies."""

from __future__ import annotations

from fastapi import Response

from authgate.config import Settings
from authgate.domain.models import IssuedTokens

ACCESS_COOKIE = "access-token"
REFRESH_COOKIE = "refresh-token"
REFRESH_COOKIE_PATH = "/api/auth"


def set_auth_cookies(response: Response, tokens: IssuedTokens, settings: Settings) -> None:
    _set(response, ACCESS_COOKIE, tokens.access_token, "/", tokens.expires_in, settings)
    _set(
        response,
        REFRESH_COOKIE,
        tokens.refresh_token,
        REFRESH_COOKIE_PATH,
        tokens.refresh_expires_in,
        settings,
    )
    no_store(response)


def clear_auth_cookies(response: Response, settings: Settings) -> None:
    _set(response, ACCESS_COOKIE, "", "/", 0, settings)
    _set(response, REFRESH_COOKIE, "", REFRESH_COOKIE_PATH, 0, settings)
    no_store(response)


NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def no_store(response: Response) -> None:
    response.headers.update(NO_STORE)


def _set(
    response: Response, name: str, value: str, path: str, max_age: int, settings: Settings
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="lax",
    )
