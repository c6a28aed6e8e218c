"""Schemathesis against our own OpenAPI document: no 5xx, every answer documented and
shaped as documented, signed out and signed in.

SQLite only: the API tests already cover PostgreSQL, and a second database would double
the run for no new schema coverage.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from authgate.bootstrap import build_container
from authgate.presentation.app import create_app
from tests.conftest import make_settings

pytestmark = pytest.mark.fuzz

EXAMPLES_PER_OPERATION = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]
PASSWORD = "a quiet meadow at dawn"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, sqlite_database_url: str) -> Iterator[FastAPI]:
    settings = make_settings(tmp_path_factory.mktemp("fuzz"), sqlite_database_url)
    yield create_app(container=build_container(settings))
    asgi.shutdown_lifespans()  # closes the container in the loop that used it


def fresh_bearer(app: FastAPI) -> dict[str, str]:
    """A new account's access token: a fuzzed logout-all may have ended the last one."""
    email = f"fuzz-{uuid.uuid4().hex}@example.com"
    with asgi.get_client(app) as http:
        http.post("/api/auth/signup", json={"name": "Fuzz", "email": email, "password": PASSWORD})
        form = {"grant_type": "password", "username": email, "password": PASSWORD}
        token = http.post("/api/auth/token", data=form).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def fuzz(app: FastAPI, mode: GenerationMode, signed_in: bool) -> tuple[dict[str, int], list[str]]:
    """Examples run per operation, and the failures found (each operation on its own)."""
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    counts: dict[str, int] = {}
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            fuzz_operation(app, operation, mode, signed_in, counts)
        except Unsatisfiable:
            if mode is GenerationMode.POSITIVE or operation_has_inputs(operation):
                failures.append(f"{operation.label}: no example could be generated")
        except (AssertionError, Failure, FailureGroup) as exc:  # fuzz all, then report all
            failures.append(f"{operation.label}: {exc}")
    return counts, failures


def operation_has_inputs(operation: Any) -> bool:
    """Negative mode has nothing to break in an operation without parameters or body."""
    return any(True for _ in operation.iter_parameters()) or len(operation.body) > 0


def fuzz_operation(
    app: FastAPI, operation: Any, mode: GenerationMode, signed_in: bool, counts: dict[str, int]
) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,  # the same examples every run: a stable gate, not a lottery
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        headers = fresh_bearer(app) if signed_in else {}
        case.call_and_validate(headers=headers, checks=CHECKS)
        counts[operation.label] = counts.get(operation.label, 0) + 1

    run()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_openapi_operations_hold_their_contract(
    app: FastAPI, mode: GenerationMode, signed_in: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    counts, failures = fuzz(app, mode, signed_in)
    with capsys.disabled():
        print(
            f"\nfuzz {mode.value}, signed_in={signed_in}: {len(counts)} operations, "
            f"{sum(counts.values())} examples"
        )
    assert not failures, "\n\n".join(failures)
    assert len(counts) >= (19 if mode is GenerationMode.POSITIVE else 12), sorted(counts)


def test_the_fuzzed_document_is_the_served_one(app: FastAPI) -> None:
    with asgi.get_client(app) as http:
        doc = http.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/api/users/me/security-events" in doc["paths"]
