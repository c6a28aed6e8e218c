"""Revocation records are purged once they are older than what `purge` keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from authgate.application.auth.login import Login
from authgate.application.auth.logout import Logout
from authgate.application.auth.signup import Signup
from authgate.application.purge import Purge
from authgate.bootstrap import build_container
from authgate.config import Settings
from authgate.domain.models import ClientInfo
from authgate.infrastructure.db import tables as t
from tests.unit.fakes import FakeClock

CLIENT = ClientInfo(ip="203.0.113.7", user_agent="pytest")
PASSWORD = "a quiet meadow at dawn"


async def test_purge_deletes_revocation_records_older_than_it_keeps(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(datetime.now(UTC))
    app = build_container(settings, clock=clock)
    try:
        email = f"purge-{tmp_path.name}@example.com"
        await app.auth.signup(Signup("Ada", email, PASSWORD))
        session = (await app.auth.login(Login(email, PASSWORD, CLIENT))).tokens.session_id
        await app.auth.logout(Logout(None, session, CLIENT))  # one session_ended record
        assert await _records(app.engine) >= 1

        assert (await app.purge(Purge(keep=timedelta(days=1)))).revocations == 0
        clock.advance(days=2)
        assert (await app.purge(Purge(keep=timedelta(days=1)))).revocations >= 1
        assert await _records(app.engine) == 0
    finally:
        await app.close()


async def _records(engine: AsyncEngine | None) -> int:
    assert engine is not None
    async with engine.connect() as connection:
        return int(
            (await connection.execute(select(func.count()).select_from(t.revocations))).scalar()
        )
