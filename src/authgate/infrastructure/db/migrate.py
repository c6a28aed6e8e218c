"""Applying Alembic migrations from inside the package (an installed wheel can migrate)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from authgate.infrastructure.db.engine import READ_ONLY_OPTION, create_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest revision in migrations/versions (tests/integration/test_migrations.py keeps
# this true). A database already there is served without loading Alembic at all, which
# saves every start a quarter of a second and each worker some 10 MB.
HEAD = "0009"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def upgrade(database_url: str, revision: str = "head") -> None:
    engine = create_engine(database_url)
    try:
        if revision == "head" and await current_revision(engine) == HEAD:
            return
        async with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                await _sqlite_foreign_keys(connection, on=False)
            async with connection.begin():
                await connection.run_sync(_upgrade, revision)
            if sqlite:
                await _sqlite_foreign_keys(connection, on=True)
    finally:
        await engine.dispose()


async def _sqlite_foreign_keys(connection: AsyncConnection, on: bool) -> None:
    """SQLite alters a table by copying it to a new one and dropping the old: with
    foreign keys on, dropping `users` would delete every session through ON DELETE
    CASCADE. The pragma only works outside a transaction, hence no BEGIN here."""
    connection = await connection.execution_options(**{READ_ONLY_OPTION: True})
    await connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    if not on:
        await connection.commit()
        return
    problems = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
    await connection.commit()
    if problems:
        raise RuntimeError(f"migration left {len(problems)} rows without their parent")


async def current_revision(engine: AsyncEngine) -> str | None:
    """The database's Alembic revision; None for a new database. A database that cannot
    be reached raises."""
    async with engine.connect() as connection:
        try:
            result = await connection.execute(text("SELECT version_num FROM alembic_version"))
        except DBAPIError:  # no such table yet
            return None
        return result.scalar_one_or_none()


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def upgrade_sync(database_url: str) -> None:
    asyncio.run(upgrade(database_url))


class MigrationFailed(RuntimeError):
    """The migrating child failed; its message is the last line of its error output."""


def upgrade_in_child(database_url: str) -> None:
    """Migrates in a short-lived process, so Alembic's modules (some 10 MB) never stay
    in the server's memory. The URL goes through standard input: an argument would
    show its password to anyone who lists processes."""
    if asyncio.run(_at_head(database_url)):
        return
    script = "import sys; from authgate.infrastructure.db.migrate import upgrade_sync; "
    script += "upgrade_sync(sys.stdin.read())"
    command = [sys.executable, "-c", script]  # our own interpreter and a fixed script
    child = subprocess.run(command, input=database_url, text=True, capture_output=True)  # noqa: S603
    if child.returncode != 0:
        lines = [line for line in child.stderr.splitlines() if line.strip()]
        raise MigrationFailed(lines[-1] if lines else f"exit status {child.returncode}")


async def _at_head(database_url: str) -> bool:
    engine = create_engine(database_url)
    try:
        return await current_revision(engine) == HEAD
    finally:
        await engine.dispose()
