"""Shared fixtures: databases (SQLite always; PostgreSQL when configured), settings."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from authgate.config import Settings
from authgate.infrastructure.db.migrate import upgrade

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("AUTHGATE_TEST_DATABASE_URL")
REDIS_URL = os.environ.get("AUTHGATE_TEST_REDIS_URL")


def require(value: str | None, what: str) -> str:
    """A test that needs a server runs, or skips with a reason; under CI it never skips."""
    if value:
        return value
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true")
    pytest.skip(f"{what} is not set")


def pg_admin(url: str, sql: str) -> None:
    import psycopg

    plain = make_url(url).set(drivername="postgresql", database="postgres")
    dsn = plain.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    base = require(PG_URL, "AUTHGATE_TEST_DATABASE_URL (PostgreSQL)")
    name = f"authgate_test_{uuid.uuid4().hex[:12]}"
    pg_admin(base, f'CREATE DATABASE "{name}"')
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    asyncio.run(upgrade(url))
    yield url
    pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("sqlite") / "authgate.db"
    url = f"sqlite+aiosqlite:///{path}"
    asyncio.run(upgrade(url))
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Every test that asks for it runs on SQLite and on PostgreSQL."""
    name = f"{request.param}_database_url".replace("postgresql", "pg")
    return str(request.getfixturevalue(name))


def make_settings(data_dir: Path, database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "database_url": database_url,
        "bcrypt_rounds": 4,
        "cookie_secure": False,
        "rate_limits": False,
        "public_url": "http://testserver",
        "secret_key": "test-secret-" + "x" * 40,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url)
