"""Migrations: the head the service checks without Alembic is Alembic's own head."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from authgate.infrastructure.db.engine import create_engine
from authgate.infrastructure.db.migrate import HEAD, alembic_config, current_revision, upgrade


def revision_of(url: str) -> str | None:
    async def read() -> str | None:
        engine = create_engine(url)
        try:
            return await current_revision(engine)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_the_known_head_is_alembics_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


def test_a_new_database_is_migrated_to_head_and_then_left_alone(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"

    assert revision_of(url) is None
    asyncio.run(upgrade(url))
    assert revision_of(url) == HEAD
    again = (  # in a fresh interpreter: at head, Alembic is not even imported
        "import sys; from authgate.infrastructure.db.migrate import upgrade_sync; "
        f"upgrade_sync({url!r}); print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", again], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_serve_migrates_in_a_child_so_the_server_never_loads_alembic(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'b.db'}"
    check = (
        "import sys; from authgate.infrastructure.db.migrate import upgrade_in_child; "
        f"upgrade_in_child({url!r}); print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"

    assert revision_of(url) == HEAD


def test_0005_keeps_admins_dates_sessions_and_lets_events_outlive_their_person(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'c.db'}"
    asyncio.run(upgrade(url, "0004"))
    asyncio.run(_run(url, *_V4_ROWS))
    asyncio.run(upgrade(url))
    rows = asyncio.run(
        _fetch(
            url,
            "SELECT role FROM users ORDER BY email",
            "SELECT authenticated_at = created_at, methods FROM sessions",
        )
    )
    assert rows[0] == [("admin",), ("user",)]
    assert rows[1] == [(1, '["password"]')]
    asyncio.run(_run(url, "DELETE FROM users WHERE email = 'ada@example.com'"))
    kept = asyncio.run(_fetch(url, "SELECT event FROM security_events"))
    assert kept == [[("login_succeeded",)]]


# Rows as revision 0004 stored them: Ada an admin with a session and an event.
_V4_ROWS = (
    "INSERT INTO users (id, email, name, password_hash, email_verified, is_admin, created_at) "
    "VALUES ('11111111111111111111111111111111', 'ada@example.com', 'Ada', 'x', 0, 1, "
    "'2026-01-01 00:00:00'), ('22222222222222222222222222222222', 'bob@example.com', 'Bob', "
    "'x', 0, 0, '2026-01-01 00:00:00')",
    "INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at) "
    "VALUES ('33333333333333333333333333333333', '11111111111111111111111111111111', "
    "'2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-31 00:00:00')",
    "INSERT INTO security_events (id, user_id, event, created_at) "
    "VALUES ('44444444444444444444444444444444', '11111111111111111111111111111111', "
    "'login_succeeded', '2026-01-01 00:00:00')",
)


async def _run(url: str, *statements: str) -> None:
    from sqlalchemy import text

    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("PRAGMA foreign_keys = ON")
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def _fetch(url: str, *queries: str) -> list[list[tuple[object, ...]]]:
    from sqlalchemy import text

    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return [[tuple(r) for r in await connection.execute(text(q))] for q in queries]
    finally:
        await engine.dispose()
