"""The error mapping: a value the database refuses is the caller's 422, never a 500."""

from __future__ import annotations

import json

from sqlalchemy.exc import DataError
from starlette.requests import Request

from authgate.presentation.errors import database_down


def test_a_data_error_from_the_database_is_a_422_envelope() -> None:
    request = Request({"type": "http", "method": "POST", "path": "/api/auth/login", "headers": []})
    exc = DataError("INSERT ...", {}, Exception("invalid byte sequence 0x00"))
    response = database_down(request, exc)
    body = json.loads(bytes(response.body))
    assert response.status_code == 422 and body["error"] == "validation_error"
    assert body["details"] and "0x00" not in response.body.decode()
