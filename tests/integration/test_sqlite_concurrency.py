"""SQLite: read-only units of work read beside a writer instead of queueing for its lock."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from authgate.domain.models import User
from authgate.infrastructure.db.engine import create_engine, session_factory
from authgate.infrastructure.db.tables import start_mappers
from authgate.infrastructure.db.unit_of_work import SqlUnitOfWorkFactory


async def test_a_reader_is_not_blocked_by_an_open_write_transaction(
    sqlite_database_url: str,
) -> None:
    start_mappers()
    engine = create_engine(sqlite_database_url)
    uow = SqlUnitOfWorkFactory(session_factory(engine), session_factory(engine, read_only=True))
    user = User(uuid.uuid4(), "Ada", f"{uuid.uuid4().hex}@example.com", "h", datetime.now(UTC))
    try:
        async with uow() as writer:
            writer.users.add(user)
            await writer.users.get_by_email(user.email)  # flushed: the write lock is held
            async with uow(read_only=True) as reader:
                found = await asyncio.wait_for(reader.users.get_by_email(user.email), 2)
            assert found is None  # it reads the last committed state, at once
            await writer.commit()
    finally:
        await engine.dispose()
