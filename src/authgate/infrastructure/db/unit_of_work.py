"""The unit of work: one database transaction per use case."""

from __future__ import annotations

from datetime import UTC, datetime
from types import TracebackType
from typing import Self

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from authgate.domain.errors import Conflict
from authgate.domain.events import DomainEvent, RecordsEvents
from authgate.domain.ports import (
    EventHandler,
    IdentityRepository,
    MfaChallengeRepository,
    OidcFlowRepository,
    OneTimeTokenRepository,
    PasskeyRepository,
    RecoveryCodeRepository,
    RefreshTokenRepository,
    RevocationRecords,
    SecurityEventRepository,
    SessionRepository,
    SigningKeyRepository,
    TotpCredentialRepository,
    UserRepository,
    WebAuthnChallengeRepository,
)
from authgate.infrastructure.db import tables as t
from authgate.infrastructure.db.repositories import (
    SqlIdentityRepository,
    SqlMfaChallengeRepository,
    SqlOidcFlowRepository,
    SqlOneTimeTokenRepository,
    SqlPasskeyRepository,
    SqlRecoveryCodeRepository,
    SqlRefreshTokenRepository,
    SqlRevocationRecords,
    SqlSecurityEventRepository,
    SqlSessionRepository,
    SqlSigningKeyRepository,
    SqlTotpCredentialRepository,
    SqlUserRepository,
    SqlWebAuthnChallengeRepository,
)
from authgate.infrastructure.db.writer_gate import WriterGate
from authgate.infrastructure.revocation.records import to_record


class SqlUnitOfWork:
    users: UserRepository
    sessions: SessionRepository
    refresh_tokens: RefreshTokenRepository
    security_events: SecurityEventRepository
    one_time_tokens: OneTimeTokenRepository
    totp: TotpCredentialRepository
    recovery_codes: RecoveryCodeRepository
    mfa_challenges: MfaChallengeRepository
    passkeys: PasskeyRepository
    webauthn_challenges: WebAuthnChallengeRepository
    identities: IdentityRepository
    oidc_flows: OidcFlowRepository
    signing_keys: SigningKeyRepository
    revocations: RevocationRecords

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        on_commit: EventHandler,
        writer_gate: WriterGate | None = None,
    ) -> None:
        self._session_factory, self._on_commit = session_factory, on_commit
        self._gate = writer_gate

    async def __aenter__(self) -> Self:
        if self._gate is not None:
            await self._gate.acquire()
        self._db = self._session_factory()
        self.users = SqlUserRepository(self._db)
        self.sessions = SqlSessionRepository(self._db)
        self.refresh_tokens = SqlRefreshTokenRepository(self._db)
        self.security_events = SqlSecurityEventRepository(self._db)
        self.one_time_tokens = SqlOneTimeTokenRepository(self._db)
        self.totp = SqlTotpCredentialRepository(self._db)
        self.recovery_codes = SqlRecoveryCodeRepository(self._db)
        self.mfa_challenges = SqlMfaChallengeRepository(self._db)
        self.passkeys = SqlPasskeyRepository(self._db)
        self.webauthn_challenges = SqlWebAuthnChallengeRepository(self._db)
        self.identities = SqlIdentityRepository(self._db)
        self.oidc_flows = SqlOidcFlowRepository(self._db)
        self.signing_keys = SqlSigningKeyRepository(self._db)
        self.revocations = SqlRevocationRecords(self._db)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back whatever was not committed, and (unlike rollback()) leaves the
        # loaded objects readable for the caller.
        try:
            await self._db.close()
        finally:
            if self._gate is not None:
                self._gate.release()

    async def commit(self) -> None:
        """Domain events are stored in the same transaction as the change that raised
        them, then handed on: other processes poll them, this one applies them now."""
        events = self._collect_events()
        if events:
            recorded_at = datetime.now(UTC)
            rows = [{**to_record(e), "recorded_at": recorded_at} for e in events]
            await self._db.execute(insert(t.revocations), rows)
        try:
            await self._db.commit()
        except IntegrityError as exc:
            await self._db.rollback()
            raise Conflict() from exc
        self._on_commit(events)

    def _collect_events(self) -> list[DomainEvent]:
        entities = [*self._db.new, *self._db.identity_map.values()]
        return [e for x in entities if isinstance(x, RecordsEvents) for e in x.pop_events()]

    async def rollback(self) -> None:
        await self._db.rollback()


class SqlUnitOfWorkFactory:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        read_session_factory: async_sessionmaker[AsyncSession] | None = None,
        writer_gate: WriterGate | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._read_session_factory = read_session_factory or session_factory
        self._writer_gate = writer_gate
        self._on_commit: EventHandler = lambda events: None

    def __call__(self, read_only: bool = False) -> SqlUnitOfWork:
        if read_only:
            return SqlUnitOfWork(self._read_session_factory, self._on_commit)
        return SqlUnitOfWork(self._session_factory, self._on_commit, self._writer_gate)

    def on_commit(self, handler: EventHandler) -> None:
        self._on_commit = handler
