"""The unit of work: one database transaction per use case."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from authgate.domain.errors import Conflict
from authgate.domain.ports import (
    OneTimeTokenRepository,
    RefreshTokenRepository,
    SecurityEventRepository,
    SessionRepository,
    UserRepository,
)
from authgate.infrastructure.db.repositories import (
    SqlOneTimeTokenRepository,
    SqlRefreshTokenRepository,
    SqlSecurityEventRepository,
    SqlSessionRepository,
    SqlUserRepository,
)


class SqlUnitOfWork:
    users: UserRepository
    sessions: SessionRepository
    refresh_tokens: RefreshTokenRepository
    security_events: SecurityEventRepository
    one_time_tokens: OneTimeTokenRepository

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def __aenter__(self) -> Self:
        self._db = self._session_factory()
        self.users = SqlUserRepository(self._db)
        self.sessions = SqlSessionRepository(self._db)
        self.refresh_tokens = SqlRefreshTokenRepository(self._db)
        self.security_events = SqlSecurityEventRepository(self._db)
        self.one_time_tokens = SqlOneTimeTokenRepository(self._db)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back whatever was not committed, and (unlike rollback()) leaves the
        # loaded objects readable for the caller.
        await self._db.close()

    async def commit(self) -> None:
        try:
            await self._db.commit()
        except IntegrityError as exc:
            await self._db.rollback()
            raise Conflict() from exc

    async def rollback(self) -> None:
        await self._db.rollback()


class SqlUnitOfWorkFactory:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        read_session_factory: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._read_session_factory = read_session_factory or session_factory

    def __call__(self, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._read_session_factory if read_only else self._session_factory)
