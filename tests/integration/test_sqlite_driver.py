"""The SQLite driver: one trip to aiosqlite's thread a statement, and what SQLAlchemy
reads after a statement (rows, row counts, the last row id, errors) as the stock
adapter gives it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from authgate.infrastructure.db.engine import create_engine, session_factory


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as conn:
        await conn.execute(
            text("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT UNIQUE)")
        )
    yield engine
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each call that aiosqlite runs in its connection's thread."""
    seen: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return seen


async def test_a_statement_is_one_trip_to_the_thread(engine: AsyncEngine, trips: list[str]) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))  # the connection is open and checked out
        trips.clear()
        await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        rows = (await conn.execute(text("SELECT v FROM t"))).all()
    assert rows == [("a",)]
    # two statements, then the pool's rollback as the connection goes back
    assert trips == ["_run_statement", "_run_statement", "rollback"]


async def test_ending_what_is_not_a_transaction_makes_no_trip(
    engine: AsyncEngine, trips: list[str]
) -> None:
    """SQLAlchemy rolls back each connection it takes back; after a commit, or after
    read-only work (which opens no transaction), there is nothing to roll back."""
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
    assert trips == ["_run_statement", "_run_statement", "commit"]  # BEGIN IMMEDIATE, INSERT
    trips.clear()
    async with session_factory(engine, read_only=True)() as db:
        assert (await db.execute(text("SELECT v FROM t"))).scalars().all() == ["a"]
    assert trips == ["_run_statement"]


async def test_a_rollback_inside_a_transaction_still_rolls_back(
    engine: AsyncEngine, trips: list[str]
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        await conn.rollback()
        assert trips[-1] == "rollback"
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0


async def test_rows_counts_and_ids_come_back_as_the_stock_driver_gives_them(
    engine: AsyncEngine,
) -> None:
    async with engine.begin() as conn:
        first = await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        second = await conn.execute(text("INSERT INTO t (v) VALUES ('b')"))
        assert second.lastrowid == first.lastrowid + 1
        many = await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), [{"v": "c"}, {"v": "d"}])
        assert many.rowcount == 2
        changed = await conn.execute(text("UPDATE t SET v = v || '!' WHERE v IN ('a', 'b')"))
        assert changed.rowcount == 2
        assert (await conn.execute(text("DELETE FROM t WHERE v = 'zz'"))).rowcount == 0
        result = await conn.execute(text("SELECT id, v FROM t ORDER BY id"))
        assert list(result.keys()) == ["id", "v"]
        assert [v for _, v in result.all()] == ["a!", "b!", "c", "d"]
        one = await conn.execute(text("SELECT v FROM t WHERE v = :v"), {"v": "c"})
        assert one.scalar_one() == "c"


async def test_errors_are_sqlalchemys_and_a_failed_transaction_leaves_nothing(
    engine: AsyncEngine,
) -> None:
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
    with pytest.raises(IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (v) VALUES ('b')"))
            await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
    with pytest.raises(OperationalError):
        async with engine.connect() as conn:
            await conn.execute(text("SELECT nope FROM t"))
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT v FROM t"))).scalars().all() == ["a"]
