"""The one-statement refresh rotation on PostgreSQL, through both drivers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from authgate.domain.models import RefreshToken
from authgate.infrastructure.db import tables as t
from authgate.infrastructure.db.engine import create_engine, session_factory
from authgate.infrastructure.db.one_step_rotation import PostgresOneStepRotation
from authgate.infrastructure.db.tables import start_mappers
from authgate.infrastructure.db.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.test_repositories import NOW, a_session, a_user

TTL = timedelta(days=14)
MINUTE = timedelta(minutes=1)


@pytest.fixture(params=["asyncpg", "psycopg"])
def driver_url(request: pytest.FixtureRequest, pg_database_url: str) -> str:
    url = make_url(pg_database_url).set(drivername=f"postgresql+{request.param}")
    return url.render_as_string(hide_password=False)


@pytest.fixture
async def engine(driver_url: str) -> AsyncIterator[AsyncEngine]:
    start_mappers()
    engine = create_engine(driver_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def rotate(engine: AsyncEngine) -> PostgresOneStepRotation:
    return PostgresOneStepRotation(engine)


async def a_token(engine: AsyncEngine, **session_fields: Any) -> RefreshToken:
    """A fresh token of a new person's session, stored."""
    user = a_user()
    session = a_session(user)
    for name, value in session_fields.items():
        setattr(session, name, value)
    token = RefreshToken(
        id=uuid.uuid4(),
        session_id=session.id,
        token_hash=uuid.uuid4().hex,
        created_at=NOW,
        expires_at=NOW + TTL,
    )
    async with SqlUnitOfWorkFactory(session_factory(engine))() as tx:
        tx.users.add(user)
        tx.sessions.add(session)
        tx.refresh_tokens.add(token)
        await tx.commit()
    return token


async def stored(engine: AsyncEngine, token_hash: str) -> Any:
    async with engine.connect() as conn:
        query = select(t.refresh_tokens).where(t.refresh_tokens.c.token_hash == token_hash)
        return (await conn.execute(query)).first()


async def test_a_plain_rotation_is_one_statement_and_committed_at_once(
    engine: AsyncEngine, rotate: PostgresOneStepRotation
) -> None:
    token = await a_token(engine)
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine.sync_engine, "before_cursor_execute", listener)
    try:
        found = await rotate(token.token_hash, f"s-{token.id}", NOW, TTL, MINUTE)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", listener)
    assert len(statements) == 1
    assert found is not None
    session, user = found
    assert session.id == token.session_id and user.id == session.user_id
    assert user.email.endswith("@example.com") and session.methods == ["password"]
    # Seen from another connection: no transaction is left open.
    assert (await stored(engine, token.token_hash)).rotated_at == NOW
    successor = await stored(engine, f"s-{token.id}")
    assert successor.session_id == token.session_id
    assert (successor.created_at, successor.expires_at) == (NOW, NOW + TTL)


async def test_a_rotated_token_matches_nothing_and_stores_nothing(
    engine: AsyncEngine, rotate: PostgresOneStepRotation
) -> None:
    token = await a_token(engine)
    assert await rotate(token.token_hash, f"a-{token.id}", NOW, TTL, MINUTE) is not None
    assert await rotate(token.token_hash, f"b-{token.id}", NOW + MINUTE, TTL, MINUTE) is None
    assert (await stored(engine, token.token_hash)).rotated_at == NOW
    assert await stored(engine, f"b-{token.id}") is None


@pytest.mark.parametrize(
    ("session_fields", "at"),
    [
        ({}, NOW + TTL),  # the token has expired
        ({"ended_at": NOW}, NOW + MINUTE),  # its session ended
        ({"expires_at": NOW + MINUTE}, NOW + MINUTE),  # its session expired
    ],
)
async def test_a_token_that_cannot_be_rotated_matches_nothing(
    engine: AsyncEngine, rotate: PostgresOneStepRotation, session_fields: Any, at: Any
) -> None:
    token = await a_token(engine, **session_fields)
    assert await rotate(token.token_hash, f"s-{token.id}", at, TTL, MINUTE) is None
    assert (await stored(engine, token.token_hash)).rotated_at is None
    assert await stored(engine, f"s-{token.id}") is None


async def test_an_unknown_token_matches_nothing(rotate: PostgresOneStepRotation) -> None:
    assert await rotate("no such token", "successor-of-nothing", NOW, TTL, MINUTE) is None


async def test_the_successor_expires_with_its_session_at_the_latest(
    engine: AsyncEngine, rotate: PostgresOneStepRotation
) -> None:
    session_end = NOW + timedelta(days=2)
    token = await a_token(engine, expires_at=session_end)
    assert await rotate(token.token_hash, f"s-{token.id}", NOW, TTL, MINUTE) is not None
    assert (await stored(engine, f"s-{token.id}")).expires_at == session_end


async def test_the_session_is_touched_when_last_used_a_minute_ago_or_more(
    engine: AsyncEngine, rotate: PostgresOneStepRotation
) -> None:
    token = await a_token(engine)  # last used at NOW
    assert await rotate(token.token_hash, f"a-{token.id}", NOW + MINUTE / 2, TTL, MINUTE)
    assert await last_used(engine, token) == NOW
    assert await rotate(f"a-{token.id}", f"b-{token.id}", NOW + MINUTE, TTL, MINUTE)
    assert await last_used(engine, token) == NOW + MINUTE


async def last_used(engine: AsyncEngine, token: RefreshToken) -> Any:
    async with engine.connect() as conn:
        query = select(t.sessions.c.last_used_at).where(t.sessions.c.id == token.session_id)
        return await conn.scalar(query)


async def test_racing_rotations_of_one_token_rotate_it_once(
    engine: AsyncEngine, rotate: PostgresOneStepRotation
) -> None:
    token = await a_token(engine)
    results = await asyncio.gather(
        *(rotate(token.token_hash, f"{i}-{token.id}", NOW, TTL, MINUTE) for i in range(8))
    )
    assert sum(r is not None for r in results) == 1
    async with engine.connect() as conn:
        query = select(func.count()).where(t.refresh_tokens.c.session_id == token.session_id)
        assert await conn.scalar(query) == 2  # the token and one successor
