"""The contract's response envelope, for successes and errors alike."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel

T = TypeVar("T")


class FieldError(BaseModel):
    field: str
    message: str


class Envelope(BaseModel, Generic[T]):
    status_code: int
    message: str
    data: T | None = None
    error: str | None = None


class ErrorEnvelope(BaseModel):
    status_code: int
    message: str
    data: None = None
    error: str
    details: list[FieldError] | None = None


def ok(data: Any, message: str = "OK", status_code: int = 200) -> dict[str, Any]:
    return {"status_code": status_code, "message": message, "data": data, "error": None}


def error_response(
    status_code: int,
    error: str,
    message: str,
    details: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "status_code": status_code,
        "message": message,
        "data": None,
        "error": error,
    }
    if details is not None:
        body["details"] = details
    body.update(extra or {})
    return JSONResponse(jsonable_encoder(body), status_code=status_code, headers=headers)
