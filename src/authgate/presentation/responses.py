"""OpenAPI descriptions of the error answers, per status code."""

from typing import Any

from authgate.presentation.envelope import ErrorEnvelope

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


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorEnvelope, "description": _TEXT[code]} for code in codes}
