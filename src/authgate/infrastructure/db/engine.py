"""Engines for the embedded SQLite default and for PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from authgate.infrastructure.data_dir import prepare_sqlite_file
from authgate.infrastructure.db.sqlite_driver import OneTripDbapi

CONNECT_TIMEOUT_SECONDS = 5
POOL_SIZE = 20  # per worker process; requests beyond it wait up to pool_timeout
READ_ONLY_OPTION = "authgate_read_only"


def async_url(url: str) -> str:
    """Pick an async driver when the URL names none: asyncpg for PostgreSQL, whose
    protocol is compiled code (a refresh rotation took a sixth less CPU than through
    psycopg; bench/README.md)."""
    parsed = make_url(url)
    driver = {
        "sqlite": "sqlite+aiosqlite",
        "postgresql": "postgresql+asyncpg",
        "postgres": "postgresql+asyncpg",
    }
    if parsed.drivername in driver:
        parsed = parsed.set(drivername=driver[parsed.drivername])
    return parsed.render_as_string(hide_password=False)


def create_engine(url: str) -> AsyncEngine:
    url = async_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    connect_args: dict[str, Any] = (
        {"timeout": CONNECT_TIMEOUT_SECONDS}
        if "+asyncpg" in url
        else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    )
    return create_async_engine(
        url,
        hide_parameters=True,  # no secrets in logged errors
        # No ping before each use: through asyncpg it is three round trips (BEGIN, a
        # query, ROLLBACK), a quarter of a refresh. The revocation poll uses this pool a
        # few times a second; when it meets a connection the database dropped, SQLAlchemy
        # renews every connection of the pool (tests/api/test_database_outage.py).
        pool_pre_ping=False,
        # A fixed set of connections, kept open: an overflow connection is closed when
        # it comes back, and opening one costs PostgreSQL a process. At 16 concurrent
        # refreshes, a pool of 10 + 20 overflow opened connections all the time.
        pool_size=POOL_SIZE,
        max_overflow=0,
        pool_timeout=10,
        connect_args=connect_args,
    )


def _sqlite_engine(url: str) -> AsyncEngine:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        prepare_sqlite_file(Path(database))
    engine = create_async_engine(
        url,
        module=OneTripDbapi(),  # one trip to aiosqlite's thread a statement, not four
        connect_args={"timeout": 15},
        hide_parameters=True,
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front, so two transactions that read and then
        # write (a refresh racing another) wait for each other instead of failing. Read-only
        # work opens no transaction: each of its statements reads a consistent snapshot on
        # its own, beside any writer (WAL mode), and saves the driver's round trips.
        if not conn.get_execution_options().get(READ_ONLY_OPTION, False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def session_factory(
    engine: AsyncEngine, read_only: bool = False
) -> async_sessionmaker[AsyncSession]:
    if read_only:
        engine = engine.execution_options(**{READ_ONLY_OPTION: True})
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)
