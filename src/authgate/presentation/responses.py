"""OpenAPI descriptions of the error answers, per status code."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from authgate.presentation.envelope import ErrorEnvelope
from authgate.presentation.middleware import STATE_CHANGING

_TEXT = {
    400: "Bad request",
    401: "Not authenticated, or the token is invalid or expired",
    403: "Cross-site request refused (csrf_rejected)",
    404: "Not found",
    409: "Conflict",
    413: "Body over 64 KiB",
    415: "Body is not JSON",
    422: "Validation error, with details per field",
    429: "Rate limited; see Retry-After",
    503: "Database unavailable; see Retry-After",
}
_ENVELOPE_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}
_ALWAYS_UP = frozenset({"/api/health"})


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorEnvelope, "description": _TEXT[code]} for code in codes}


def document_common_errors(app: FastAPI) -> None:
    """Declares on every operation the answers given before its own code runs: 403 from
    the CSRF check, 400/413/415/422 for a JSON body that cannot be read or is not JSON,
    503 when the database is down. Routes declare only what is theirs."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        for path, item in schema.get("paths", {}).items():
            for method, operation in item.items():
                _complete(path, method.upper(), operation)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _complete(path: str, method: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    body = operation.get("requestBody", {}).get("content", {})
    if _is_fastapi_default(responses.get("422")):
        del responses["422"]  # ours is the envelope; the form endpoint answers 400 instead
    codes = [] if path in _ALWAYS_UP else [503]
    if method in STATE_CHANGING:
        codes += [403, 413]
    if "application/json" in body:
        codes += [400, 415, 422]
    for code in codes:
        responses.setdefault(str(code), {"description": _TEXT[code], "content": _ENVELOPE_CONTENT})


def _is_fastapi_default(response: dict[str, Any] | None) -> bool:
    return response is not None and "HTTPValidationError" in str(response)
