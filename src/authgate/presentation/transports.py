"""How tokens leave the server (and come back): chosen once per route.

Sign-in methods produce tokens; a transport turns them into a response, as
fastapi-users separates transports from strategies. Browsers get HttpOnly cookies, API
clients get the JSON body, and the OAuth 2 endpoint its own RFC 6749 body.
"""

from __future__ import annotations

from typing import Any, Protocol

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from authgate.application.auth.sign_in import SessionStarted
from authgate.config import Settings
from authgate.domain.errors import DomainError
from authgate.domain.models import IssuedTokens
from authgate.presentation.cookies import (
    NO_STORE,
    REFRESH_COOKIE,
    clear_auth_cookies,
    no_store,
    set_auth_cookies,
)
from authgate.presentation.errors import domain_error
from authgate.presentation.schemas import LoginData, OAuthToken, TokenPair, UserInfo


class Transport(Protocol):
    def presented_refresh_token(self, request: Request, in_body: str | None) -> str | None: ...

    def refreshed(self, tokens: IssuedTokens, response: Response) -> TokenPair | None:
        """What the refresh answer's `data` holds; the tokens may travel elsewhere."""
        ...

    def refused(self, request: Request, exc: DomainError) -> Response:
        """The error answer when the presented token is refused."""
        ...


class CookieTransport:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def signed_in(self, started: SessionStarted, response: Response) -> LoginData:
        set_auth_cookies(response, started.tokens, self._settings)
        return LoginData(user=UserInfo.of(started.user), expires_in=started.tokens.expires_in)

    def presented_refresh_token(self, request: Request, in_body: str | None) -> str | None:
        return request.cookies.get(REFRESH_COOKIE)

    def refreshed(self, tokens: IssuedTokens, response: Response) -> None:
        set_auth_cookies(response, tokens, self._settings)

    def refused(self, request: Request, exc: DomainError) -> Response:
        """A dead cookie is of no use to the browser any more."""
        response = domain_error(request, exc)
        self.signed_out(response)
        return response

    def signed_out(self, response: Response) -> None:
        clear_auth_cookies(response, self._settings)


class BodyTransport:
    """API clients: the refresh token comes in the JSON body and the pair goes back in it."""

    def presented_refresh_token(self, request: Request, in_body: str | None) -> str | None:
        return in_body

    def refreshed(self, tokens: IssuedTokens, response: Response) -> TokenPair:
        no_store(response)
        return TokenPair(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_in=tokens.expires_in,
        )

    def refused(self, request: Request, exc: DomainError) -> Response:
        return domain_error(request, exc)


class OAuth2Transport:
    """RFC 6749 5.1 and 5.2: plain JSON, never an envelope."""

    @staticmethod
    def tokens(tokens: IssuedTokens) -> JSONResponse:
        body = OAuthToken(
            access_token=tokens.access_token,
            expires_in=tokens.expires_in,
            refresh_token=tokens.refresh_token,
        )
        return JSONResponse(body.model_dump(), headers=NO_STORE)

    @staticmethod
    def error(error: str, description: str, status: int = 400, **extra: Any) -> JSONResponse:
        body: dict[str, Any] = {"error": error, "error_description": description, **extra}
        return JSONResponse(body, status_code=status, headers=NO_STORE)
