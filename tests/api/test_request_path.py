"""A signed-in request needs no database: the token and the revocation view suffice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from opentelemetry import trace
from sqlalchemy import event

from tests.api.conftest import MakeClient, envelope, signed_in
from tests.smtp import container_of

CURRENT_USER = "/api/auth/current-user"


@contextmanager
def statements_of(client: httpx.AsyncClient) -> Iterator[list[str]]:
    """The SQL the service runs meanwhile, but the revocation feed's background poll."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "revocations" not in statement:
            statements.append(statement)

    engine = container_of(client).engine
    assert engine is not None
    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)


async def test_current_user_runs_no_sql_after_warm_up(client: httpx.AsyncClient) -> None:
    await signed_in(client)
    envelope(await client.get(CURRENT_USER), 200)  # warm-up: the revocation feed starts
    with statements_of(client) as statements:
        for _ in range(20):
            envelope(await client.get(CURRENT_USER), 200)
    assert statements == []


async def test_a_refresh_on_postgresql_is_one_statement(
    client: httpx.AsyncClient, database_url: str
) -> None:
    """SQLite takes the general path: the token locked, updated, its successor added."""
    await signed_in(client)
    with statements_of(client) as statements:
        envelope(await client.post("/api/auth/refresh"), 200)
    if database_url.startswith("postgresql"):
        assert len(statements) == 1 and statements[0].startswith("WITH rotated AS")
    else:
        assert [s.split()[0] for s in statements] == ["BEGIN", "SELECT", "UPDATE", "INSERT"]


async def test_a_token_issued_before_a_profile_change_answers_the_new_info(
    client: httpx.AsyncClient,
) -> None:
    await signed_in(client)
    old_token = client.cookies.get("access-token")
    envelope(await client.patch("/api/users/me", json={"name": "Ada Lovelace"}), 200)
    client.cookies.clear()
    resp = await client.get(CURRENT_USER, headers={"Authorization": f"Bearer {old_token}"})
    assert envelope(resp, 200)["data"]["name"] == "Ada Lovelace"


async def test_an_ended_session_fails_at_once(make_client: MakeClient) -> None:
    client = await make_client()
    await signed_in(client)
    bearer = {"Authorization": f"Bearer {client.cookies.get('access-token')}"}
    envelope(await client.get(CURRENT_USER, headers=bearer), 200)
    envelope(await client.post("/api/auth/logout"), 200)
    envelope(await client.get(CURRENT_USER, headers=bearer), 401, "invalid_token")


async def test_opentelemetry_is_looked_up_per_request_only_when_switched_on(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FastAPI's own telemetry asks for the tracer provider on every request, configured
    or not; AUTHGATE_OPENTELEMETRY=true turns it on."""
    lookups: list[object] = []
    real = trace.get_tracer_provider
    monkeypatch.setattr(trace, "get_tracer_provider", lambda: lookups.append(1) or real())
    default = await make_client()
    assert (await default.get("/api/health")).status_code == 200
    assert lookups == []
    switched_on = await make_client(opentelemetry=True)
    assert (await switched_on.get("/api/health")).status_code == 200
    assert lookups
