"""The SQL repositories and unit of work on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url

from authgate.domain.errors import Conflict
from authgate.domain.models import OneTimeToken, RefreshToken, Session, User
from authgate.infrastructure.db.engine import async_url, create_engine, session_factory
from authgate.infrastructure.db.tables import start_mappers
from authgate.infrastructure.db.unit_of_work import SqlUnitOfWorkFactory

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql", "psycopg"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Here PostgreSQL runs through both drivers: asyncpg, the default, and psycopg,
    which a `postgresql+psycopg://` URL chooses."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_database_url"))
    url = make_url(str(request.getfixturevalue("pg_database_url")))
    driver = "postgresql+psycopg" if request.param == "psycopg" else "postgresql+asyncpg"
    return url.set(drivername=driver).render_as_string(hide_password=False)


def test_a_url_without_a_driver_gets_an_async_one() -> None:
    assert async_url("postgresql://u@db/auth") == "postgresql+asyncpg://u@db/auth"
    assert async_url("postgres://u@db/auth") == "postgresql+asyncpg://u@db/auth"
    assert async_url("postgresql+psycopg://u@db/auth") == "postgresql+psycopg://u@db/auth"
    assert async_url("sqlite:///x.db") == "sqlite+aiosqlite:///x.db"


@pytest.fixture
async def uow(database_url: str) -> AsyncIterator[SqlUnitOfWorkFactory]:
    start_mappers()
    engine = create_engine(database_url)
    yield SqlUnitOfWorkFactory(session_factory(engine))
    await engine.dispose()


def a_user(email: str | None = None) -> User:
    return User(
        id=uuid.uuid4(),
        name="Ada",
        email=email or f"{uuid.uuid4().hex}@example.com",
        password_hash="$2b$04$hash",
        created_at=NOW,
    )


def a_session(user: User) -> Session:
    return Session(
        id=uuid.uuid4(),
        user_id=user.id,
        created_at=NOW,
        last_used_at=NOW,
        expires_at=NOW + timedelta(days=30),
        authenticated_at=NOW,
        methods=["password"],
        user_agent="agent",
        ip="198.51.100.1",
    )


async def test_user_round_trip_keeps_utc_times(uow: SqlUnitOfWorkFactory) -> None:
    user = a_user()
    async with uow() as tx:
        tx.users.add(user)
        await tx.commit()
    async with uow() as tx:
        loaded = await tx.users.get_by_email(user.email)
    assert loaded is not None and loaded.id == user.id
    assert loaded.created_at == NOW and loaded.created_at.tzinfo is not None


async def test_duplicate_email_is_a_conflict(uow: SqlUnitOfWorkFactory) -> None:
    first = a_user()
    async with uow() as tx:
        tx.users.add(first)
        await tx.commit()
    async with uow() as tx:
        tx.users.add(a_user(first.email))
        with pytest.raises(Conflict):
            await tx.commit()


async def test_nothing_is_written_without_commit(uow: SqlUnitOfWorkFactory) -> None:
    user = a_user()
    async with uow() as tx:
        tx.users.add(user)
        tx.sessions.add(a_session(user))
    async with uow() as tx:
        assert await tx.users.get(user.id) is None


async def test_an_error_mid_use_case_leaves_nothing_half_written(
    uow: SqlUnitOfWorkFactory,
) -> None:
    user = a_user()
    with pytest.raises(RuntimeError):
        async with uow() as tx:
            tx.users.add(user)
            await tx.users.get(user.id)  # flushed inside the transaction
            raise RuntimeError("boom")
    async with uow() as tx:
        assert await tx.users.get(user.id) is None


async def test_session_and_token_are_inserted_parent_first(uow: SqlUnitOfWorkFactory) -> None:
    user = a_user()
    session = a_session(user)
    token = RefreshToken(uuid.uuid4(), session.id, uuid.uuid4().hex * 2, NOW, NOW + timedelta(1))
    async with uow() as tx:
        tx.refresh_tokens.add(token)
        tx.sessions.add(session)
        tx.users.add(user)
        await tx.commit()
    async with uow() as tx:
        found = await tx.refresh_tokens.get_by_hash_for_update(token.token_hash)
        rotation = await tx.refresh_tokens.get_for_rotation(token.token_hash, NOW)
    assert found is not None and found.session_id == session.id
    assert rotation is not None and [x.id for x in rotation] == [token.id, session.id, user.id]


async def test_a_token_of_an_ended_session_is_not_found_for_rotation(
    uow: SqlUnitOfWorkFactory,
) -> None:
    user = a_user()
    session = a_session(user)
    session.ended_at = NOW
    token = RefreshToken(uuid.uuid4(), session.id, uuid.uuid4().hex * 2, NOW, NOW + timedelta(1))
    async with uow() as tx:
        tx.users.add(user)
        tx.sessions.add(session)
        tx.refresh_tokens.add(token)
        await tx.commit()
    async with uow() as tx:
        assert await tx.refresh_tokens.get_for_rotation(token.token_hash, NOW) is None


async def test_active_sessions_exclude_ended_and_expired(uow: SqlUnitOfWorkFactory) -> None:
    user = a_user()
    live, ended, old = a_session(user), a_session(user), a_session(user)
    ended.ended_at = NOW
    old.expires_at = NOW - timedelta(seconds=1)
    async with uow() as tx:
        tx.users.add(user)
        for s in (live, ended, old):
            tx.sessions.add(s)
        await tx.commit()
    async with uow() as tx:
        active = await tx.sessions.list_active(user.id, NOW)
    assert [s.id for s in active] == [live.id]


async def test_deleting_a_user_removes_sessions_and_tokens(uow: SqlUnitOfWorkFactory) -> None:
    user = a_user()
    session = a_session(user)
    token = RefreshToken(uuid.uuid4(), session.id, uuid.uuid4().hex * 2, NOW, NOW + timedelta(1))
    async with uow() as tx:
        tx.users.add(user)
        tx.sessions.add(session)
        tx.refresh_tokens.add(token)
        await tx.commit()
    async with uow() as tx:
        loaded = await tx.users.get(user.id)
        assert loaded is not None
        await tx.users.delete(loaded)
        await tx.commit()
    async with uow() as tx:
        assert await tx.sessions.get(session.id) is None
        assert await tx.refresh_tokens.get_by_hash_for_update(token.token_hash) is None


async def test_purge_deletes_only_what_finished_before_the_cutoff(
    uow: SqlUnitOfWorkFactory,
) -> None:
    user, long_ago, cutoff = a_user(), NOW - timedelta(days=40), NOW - timedelta(days=30)
    live, ended_recently, ended_long_ago, expired_long_ago = (a_session(user) for _ in range(4))
    ended_recently.ended_at = NOW - timedelta(days=1)
    ended_long_ago.ended_at = long_ago
    expired_long_ago.expires_at = long_ago
    kept_token, gone_token = (
        RefreshToken(uuid.uuid4(), s.id, uuid.uuid4().hex * 2, NOW, NOW + timedelta(1))
        for s in (live, ended_long_ago)
    )
    old_link, recent_link = (
        OneTimeToken(uuid.uuid4(), user.id, "password_reset", uuid.uuid4().hex * 2, at, at)
        for at in (long_ago, NOW - timedelta(days=1))
    )
    async with uow() as tx:
        tx.users.add(user)
        for s in (live, ended_recently, ended_long_ago, expired_long_ago):
            tx.sessions.add(s)
        for token in (kept_token, gone_token):
            tx.refresh_tokens.add(token)
        for link in (old_link, recent_link):
            tx.one_time_tokens.add(link)
        await tx.commit()

    async with uow() as tx:
        assert await tx.sessions.delete_finished_before(cutoff) >= 2
        assert await tx.one_time_tokens.delete_expired_before(cutoff) >= 1
        await tx.commit()

    async with uow() as tx:
        for kept in (live, ended_recently):
            assert await tx.sessions.get(kept.id) is not None
        for gone in (ended_long_ago, expired_long_ago):
            assert await tx.sessions.get(gone.id) is None
        assert await tx.refresh_tokens.get_by_hash_for_update(kept_token.token_hash) is not None
        assert await tx.refresh_tokens.get_by_hash_for_update(gone_token.token_hash) is None
        assert await tx.one_time_tokens.get_by_hash_for_update(old_link.token_hash) is None
        assert await tx.one_time_tokens.get_by_hash_for_update(recent_link.token_hash) is not None
