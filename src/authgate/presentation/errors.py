"""The one place where errors become envelopes and HTTP status codes."""

from __future__ import annotations

import asyncio
import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from authgate.domain import errors as e
from authgate.presentation.envelope import error_response
from authgate.presentation.request_id import current_request_id
from authgate.presentation.route_traits import traits_of_scope

logger = logging.getLogger("authgate.errors")

STATUS_OF: dict[type[e.DomainError], int] = {
    e.EmailTaken: 409,
    e.Conflict: 409,
    e.InvalidCredentials: 401,
    e.NotAuthenticated: 401,
    e.InvalidToken: 401,
    e.TokenExpired: 401,
    e.UnknownSigningKey: 401,
    e.InvalidRefreshToken: 401,
    e.RefreshTokenReused: 401,
    e.PasswordTooWeak: 422,
    e.SessionNotFound: 404,
    e.InvalidCurrentPassword: 400,
    e.InvalidResetToken: 400,
    e.InvalidVerificationToken: 400,
    e.RateLimited: 429,
    e.ServiceUnavailable: 503,
    e.AccountDisabled: 403,
    e.ReauthenticationRequired: 403,
    e.InvalidMfaCode: 400,
    e.InvalidMfaLoginCode: 401,
    e.InvalidMfaToken: 401,
    e.TotpAlreadyEnabled: 409,
    e.TotpNotPending: 409,
    e.TotpNotEnabled: 409,
    e.InvalidPasskey: 400,
    e.InvalidPasskeyLogin: 401,
    e.PasskeyNotFound: 404,
    e.LastSignInMethod: 409,
    e.ProviderNotFound: 404,
    e.IdentityNotFound: 404,
    e.InvalidCursor: 422,
    e.Forbidden: 403,
    e.UserNotFound: 404,
    e.LastAdmin: 409,
}

HTTP_ERROR_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}

DATABASE_DOWN = (
    OperationalError,
    InterfaceError,
    PoolTimeout,
    ConnectionError,
    asyncio.TimeoutError,
)
RETRY_AFTER_SECONDS = "5"


def domain_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, e.DomainError)
    status = STATUS_OF.get(type(exc), 400)
    headers: dict[str, str] = {}
    details = None
    if isinstance(exc, e.RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, e.ServiceUnavailable):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, e.InvalidToken | e.TokenExpired):  # presented and refused (RFC 6750)
        headers["WWW-Authenticate"] = (
            f'Bearer error="invalid_token", error_description="{exc.message}"'
        )
    elif status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, e.PasswordTooWeak | e.InvalidCursor):
        details = [{"field": exc.field, "message": exc.message}]
    return error_response(status, exc.code, exc.message, details, headers)


def http_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    code = HTTP_ERROR_CODES.get(status, "error")
    # Our own and FastAPI's details are fixed sentences, never exception text.
    message = exc.detail if isinstance(exc.detail, str) and exc.detail else _phrase(status)
    return error_response(status, code, message, headers=getattr(exc, "headers", None))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if redirect := _redirect_instead(request, "oidc_state_invalid"):
        return redirect
    if traits_of_scope(request.scope).errors == "oauth2":  # RFC 6749, not envelopes
        body = {"error": "invalid_request", "error_description": "Malformed token request"}
        return JSONResponse(body, status_code=400, headers={"Cache-Control": "no-store"})
    details = [
        {"field": field_name(err.get("loc", ())), "message": safe_message(err)}
        for err in exc.errors()
    ]
    return error_response(422, "validation_error", "The request is not valid", details)


def field_name(loc: tuple[int | str, ...] | list[int | str]) -> str:
    """("body", "email") -> "email"; a body that is not JSON at all -> "body"."""
    parts = [str(p) for p in loc[1:] if isinstance(p, str)]
    return ".".join(parts) or "body"


def safe_message(err: dict[str, object]) -> str:
    """Pydantic's message, which never quotes the input; a JSON syntax error gets ours."""
    if err.get("type") == "json_invalid":
        return "The body is not valid JSON"
    message = str(err.get("msg", "Invalid value"))
    return message.removeprefix("Value error, ")


def _redirect_instead(request: Request, code: str) -> Response | None:
    """A browser navigation (a provider's redirect back) never gets a JSON page."""
    if traits_of_scope(request.scope).errors != "redirect":
        return None
    return RedirectResponse(f"/login?error={code}", status_code=302)


def database_down(request: Request, exc: Exception) -> Response:
    if redirect := _redirect_instead(request, "service_unavailable"):
        return redirect
    if isinstance(exc, DataError):  # a value the database cannot store, e.g. a NUL byte
        details = [{"field": "body", "message": "Contains a value that cannot be stored"}]
        return error_response(422, "validation_error", "The request is not valid", details)
    if isinstance(exc, DBAPIError) and not _is_connection_problem(exc):
        return internal_error(request, exc)
    logger.warning("database unavailable: %s", type(exc).__name__)
    return error_response(
        503,
        "service_unavailable",
        "The service is temporarily unavailable; try again shortly",
        headers={"Retry-After": RETRY_AFTER_SECONDS},
    )


def _is_connection_problem(exc: DBAPIError) -> bool:
    return isinstance(exc, OperationalError | InterfaceError) or exc.connection_invalidated


def internal_error(request: Request, exc: Exception) -> Response:
    """The body says only which request failed; the log line under the same id says why."""
    request_id = current_request_id.get()
    logger.error("unhandled error in request %s: %s", request_id, type(exc).__name__, exc_info=exc)
    if redirect := _redirect_instead(request, "internal_error"):
        return redirect
    message = "Something went wrong on our side"
    return error_response(500, "internal_error", message, extra={"request_id": request_id})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(e.DomainError, domain_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    for exc_type in (*DATABASE_DOWN, DBAPIError):
        app.add_exception_handler(exc_type, database_down)
    app.add_exception_handler(Exception, internal_error)
