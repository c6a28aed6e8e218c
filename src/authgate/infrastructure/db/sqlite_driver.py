"""aiosqlite under SQLAlchemy, with one trip to the connection's thread per statement.

aiosqlite runs each SQLite call in a thread of its own and hands the result back to the
event loop. SQLAlchemy's adapter makes four such trips a statement (open a cursor,
execute, fetch, close), and on SQLite those trips, not the statements, were most of
what a write cost the event loop (bench/README.md). This cursor makes one: the whole
statement runs in the thread, and what SQLAlchemy reads afterwards (rows, description,
row count, last row id) comes back with it.

It hands the work to the thread through `aiosqlite.Connection._execute`, the queue that
aiosqlite's own methods use: not public API, so tests/integration/test_sqlite_driver.py
counts the trips and checks what comes back, and fails on a version that changes it.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

Outcome = tuple[list[Any], Any, int, int | None]


def _run_statement(conn: sqlite3.Connection, many: bool, sql: str, params: Any) -> Outcome:
    """In the connection's thread: the statement from cursor to close."""
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(sql, params)
        else:
            cursor.execute(sql, params)
        rows = cursor.fetchall() if cursor.description else []
        return rows, cursor.description, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: OneTripConnection) -> None:
        # No DB-API cursor is opened here (SQLAlchemy's adapter opens one, a trip).
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int | None:  # type: ignore[override]
        return self._lastrowid

    def execute(self, operation: Any, parameters: Any = None) -> None:
        self._run(False, operation, () if parameters is None else parameters)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> None:
        self._run(True, operation, seq_of_parameters)

    def close(self) -> None:
        self._rows.clear()

    async def _async_soft_close(self) -> None:
        return None  # nothing is left open between statements

    def _run(self, many: bool, sql: str, params: Any) -> None:
        try:
            await_(self._run_async(many, sql, params))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _run_async(self, many: bool, sql: str, params: Any) -> None:
        connection: Any = self._connection
        async with self._adapt_connection._execute_mutex:
            outcome: Outcome = await connection._execute(
                _run_statement, connection._conn, many, sql, params
            )
        rows, self._description, self._rowcount, self._lastrowid = outcome
        self._rows = deque(rows)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor  # type: ignore[assignment]

    # sqlite3 sends no COMMIT or ROLLBACK outside a transaction; these skip the trip to
    # the thread too. SQLAlchemy rolls back each connection it takes back, after a
    # commit and after read-only work (which opens no transaction): a trip each.
    def commit(self) -> None:
        if self._in_transaction():
            super().commit()

    def rollback(self) -> None:
        if self._in_transaction():
            super().rollback()

    def _in_transaction(self) -> bool:
        # Read between statements (SQLAlchemy never overlaps them on a connection), so
        # the connection's thread is idle; a closed connection answers False.
        sqlite = self._connection._connection
        return sqlite is not None and sqlite.in_transaction


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """The DB-API module SQLAlchemy is given (`create_engine(module=...)`)."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)
