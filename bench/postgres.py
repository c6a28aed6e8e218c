"""A fresh PostgreSQL database for one run, dropped after it."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg


@contextmanager
def fresh_database(server: str) -> Iterator[str | None]:
    """Yields a SQLAlchemy URL of a new database on `server` (user@host:port),
    or None when PostgreSQL is not reachable there."""
    try:
        url = f"postgresql://{server}/postgres"
        admin = psycopg.connect(url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        print(f"  PostgreSQL not reachable at {server}: {str(exc).strip()}")
        yield None
        return
    name = f"authgate_bench_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgresql://{server}/{name}"  # the default driver
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
