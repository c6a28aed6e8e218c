"""In-memory fakes of the domain's ports, for fast handler tests without I/O."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from authgate.domain.errors import Conflict
from authgate.domain.events import DomainEvent
from authgate.domain.identities import Identity, OidcFlow
from authgate.domain.mfa import MfaChallenge, RecoveryCode, TotpCredential
from authgate.domain.models import (
    MailMessage,
    OneTimeToken,
    RefreshToken,
    SecurityEvent,
    Session,
    SignInFacts,
    User,
)
from authgate.domain.passkeys import Passkey, WebAuthnChallenge
from authgate.domain.ports import EventHandler
from authgate.domain.signing_keys import SigningKey


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


class FakeHasher:
    """Reversible on purpose: the tests are about handlers, not about bcrypt."""

    def __init__(self) -> None:
        self.dummy_verifications = 0
        self.scheme = "fake"

    async def hash(self, password: str) -> str:
        return f"{self.scheme}:{password}"

    async def verify(self, password: str, password_hash: str) -> bool:
        return password_hash.split(":", 1)[1] == password

    async def verify_dummy(self, password: str) -> None:
        self.dummy_verifications += 1

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith(f"{self.scheme}:")


class FakeUsers:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, User] = {}
        self.on_delete: Callable[[uuid.UUID], None] = lambda user_id: None

    def add(self, user: User) -> None:
        self.rows[user.id] = user

    async def get(self, user_id: uuid.UUID) -> User | None:
        return self.rows.get(user_id)

    async def get_by_email(self, email: str) -> User | None:
        return next((u for u in self.rows.values() if u.email == email), None)

    async def delete(self, user: User) -> None:
        self.rows.pop(user.id, None)
        self.on_delete(user.id)

    async def page(
        self, prefix: str | None, limit: int, after: tuple[datetime, uuid.UUID] | None
    ) -> Sequence[User]:
        found = [
            u
            for u in self.rows.values()
            if not prefix
            or u.email.startswith(prefix.lower())
            or u.name.lower().startswith(prefix.lower())
        ]
        found.sort(key=lambda u: (u.created_at, u.id), reverse=True)
        if after is not None:
            found = [u for u in found if (u.created_at, u.id) < after]
        return found[:limit]

    async def sign_in_facts(
        self, user_ids: Sequence[uuid.UUID], now: datetime
    ) -> dict[uuid.UUID, SignInFacts]:
        raise NotImplementedError  # the unit of work supplies it (it sees every table)

    async def admins_for_update(self) -> Sequence[User]:
        return sorted((u for u in self.rows.values() if u.role == "admin"), key=lambda u: u.id)


class FakeSessions:
    def __init__(self, users: FakeUsers) -> None:
        self.rows: dict[uuid.UUID, Session] = {}
        self._users = users
        self.on_delete: Callable[[set[uuid.UUID]], None] = lambda session_ids: None

    def add(self, session: Session) -> None:
        self.rows[session.id] = session

    async def get(self, session_id: uuid.UUID) -> Session | None:
        return self.rows.get(session_id)

    async def list_active(self, user_id: uuid.UUID, now: datetime) -> Sequence[Session]:
        return [s for s in self.rows.values() if s.user_id == user_id and s.is_active(now)]

    async def delete_finished_before(self, cutoff: datetime) -> int:
        finished = {
            s.id
            for s in self.rows.values()
            if s.expires_at < cutoff or (s.ended_at is not None and s.ended_at < cutoff)
        }
        self.rows = {k: v for k, v in self.rows.items() if k not in finished}
        self.on_delete(finished)
        return len(finished)

    def active_with_user(self, session_id: uuid.UUID, now: datetime) -> tuple[Session, User] | None:
        session = self.rows.get(session_id)
        user = session and self._users.rows.get(session.user_id)
        if session is None or user is None or not session.is_active(now):
            return None
        return session, user


class FakeRefreshTokens:
    def __init__(self, sessions: FakeSessions) -> None:
        self.rows: dict[str, RefreshToken] = {}
        self._sessions = sessions

    def add(self, token: RefreshToken) -> None:
        self.rows[token.token_hash] = token

    async def get_by_hash_for_update(self, token_hash: str) -> RefreshToken | None:
        return self.rows.get(token_hash)

    async def get_for_rotation(
        self, token_hash: str, now: datetime
    ) -> tuple[RefreshToken, Session, User] | None:
        token = self.rows.get(token_hash)
        found = token and self._sessions.active_with_user(token.session_id, now)
        return (token, *found) if token and found else None


class FakeSecurityEvents:
    def __init__(self) -> None:
        self.rows: list[SecurityEvent] = []

    def add(self, event: SecurityEvent) -> None:
        self.rows.append(event)

    async def page(
        self, user_id: uuid.UUID | None, limit: int, after: tuple[datetime, uuid.UUID] | None
    ) -> Sequence[SecurityEvent]:
        found = [e for e in self.rows if user_id is None or e.user_id == user_id]
        found.sort(key=lambda e: (e.created_at, e.id), reverse=True)
        if after is not None:
            found = [e for e in found if (e.created_at, e.id) < after]
        return found[:limit]

    async def list_recent(self, user_id: uuid.UUID, limit: int) -> Sequence[SecurityEvent]:
        mine = [e for e in self.rows if e.user_id == user_id]
        return sorted(mine, key=lambda e: e.created_at, reverse=True)[:limit]


class FakeOneTimeTokens:
    def __init__(self) -> None:
        self.rows: dict[str, OneTimeToken] = {}

    def add(self, token: OneTimeToken) -> None:
        self.rows[token.token_hash] = token

    async def get_by_hash_for_update(self, token_hash: str) -> OneTimeToken | None:
        return self.rows.get(token_hash)

    async def list_unused(self, user_id: uuid.UUID, purpose: str) -> Sequence[OneTimeToken]:
        return [
            t
            for t in self.rows.values()
            if t.user_id == user_id and t.purpose == purpose and t.used_at is None
        ]

    async def delete_expired_before(self, cutoff: datetime) -> int:
        kept = {k: v for k, v in self.rows.items() if v.expires_at >= cutoff}
        deleted, self.rows = len(self.rows) - len(kept), kept
        return deleted


class FakeTotpCredentials:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, TotpCredential] = {}

    def add(self, credential: TotpCredential) -> None:
        self.rows[credential.user_id] = credential

    async def get(self, user_id: uuid.UUID) -> TotpCredential | None:
        return self.rows.get(user_id)

    async def get_for_update(self, user_id: uuid.UUID) -> TotpCredential | None:
        return self.rows.get(user_id)

    async def delete(self, credential: TotpCredential) -> None:
        self.rows.pop(credential.user_id, None)


class FakeRecoveryCodes:
    def __init__(self) -> None:
        self.rows: list[RecoveryCode] = []

    def add(self, code: RecoveryCode) -> None:
        self.rows.append(code)

    async def get_unused_for_update(
        self, user_id: uuid.UUID, code_hash: str
    ) -> RecoveryCode | None:
        return next(
            (
                c
                for c in self.rows
                if c.user_id == user_id and c.code_hash == code_hash and c.used_at is None
            ),
            None,
        )

    async def count_unused(self, user_id: uuid.UUID) -> int:
        return sum(1 for c in self.rows if c.user_id == user_id and c.used_at is None)

    async def delete_all(self, user_id: uuid.UUID) -> None:
        self.rows = [c for c in self.rows if c.user_id != user_id]


class FakeMfaChallenges:
    def __init__(self) -> None:
        self.rows: dict[str, MfaChallenge] = {}

    def add(self, challenge: MfaChallenge) -> None:
        self.rows[challenge.token_hash] = challenge

    async def get_by_hash(self, token_hash: str) -> MfaChallenge | None:
        return self.rows.get(token_hash)

    async def get_by_hash_for_update(self, token_hash: str) -> MfaChallenge | None:
        return self.rows.get(token_hash)

    async def delete_expired_before(self, cutoff: datetime) -> int:
        kept = {k: v for k, v in self.rows.items() if v.expires_at >= cutoff}
        deleted, self.rows = len(self.rows) - len(kept), kept
        return deleted


class FakePasskeys:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, Passkey] = {}

    def add(self, passkey: Passkey) -> None:
        self.rows[passkey.id] = passkey

    async def list_for_user(self, user_id: uuid.UUID) -> Sequence[Passkey]:
        mine = [p for p in self.rows.values() if p.user_id == user_id]
        return sorted(mine, key=lambda p: p.created_at)

    async def get(self, user_id: uuid.UUID, passkey_id: uuid.UUID) -> Passkey | None:
        passkey = self.rows.get(passkey_id)
        return passkey if passkey is not None and passkey.user_id == user_id else None

    async def get_by_credential_id_for_update(self, credential_id: str) -> Passkey | None:
        return next((p for p in self.rows.values() if p.credential_id == credential_id), None)

    async def delete(self, passkey: Passkey) -> None:
        self.rows.pop(passkey.id, None)


class FakeWebAuthnChallenges:
    def __init__(self) -> None:
        self.rows: list[WebAuthnChallenge] = []

    def add(self, challenge: WebAuthnChallenge) -> None:
        self.rows.append(challenge)

    async def get_by_hash_for_update(self, token_hash: str) -> WebAuthnChallenge | None:
        return next((c for c in self.rows if c.token_hash == token_hash), None)

    async def newest_for_update(self, user_id: uuid.UUID, purpose: str) -> WebAuthnChallenge | None:
        mine = [c for c in self.rows if c.user_id == user_id and c.purpose == purpose]
        return max(mine, key=lambda c: c.created_at, default=None)

    async def delete_expired_before(self, cutoff: datetime) -> int:
        kept = [c for c in self.rows if c.expires_at >= cutoff]
        deleted, self.rows = len(self.rows) - len(kept), kept
        return deleted


class FakeIdentities:
    def __init__(self) -> None:
        self.rows: list[Identity] = []

    def add(self, identity: Identity) -> None:
        self.rows.append(identity)

    async def list_for_user(self, user_id: uuid.UUID) -> Sequence[Identity]:
        return [i for i in self.rows if i.user_id == user_id]

    async def get_by_subject(self, issuer: str, subject: str) -> Identity | None:
        return next((i for i in self.rows if (i.issuer, i.subject) == (issuer, subject)), None)

    async def delete(self, identity: Identity) -> None:
        self.rows = [i for i in self.rows if i is not identity]


class FakeOidcFlows:
    def __init__(self) -> None:
        self.rows: dict[str, OidcFlow] = {}

    def add(self, flow: OidcFlow) -> None:
        self.rows[flow.state_hash] = flow

    async def get_by_state_for_update(self, state_hash: str) -> OidcFlow | None:
        return self.rows.get(state_hash)

    async def delete_expired_before(self, cutoff: datetime) -> int:
        kept = {k: v for k, v in self.rows.items() if v.expires_at >= cutoff}
        deleted, self.rows = len(self.rows) - len(kept), kept
        return deleted


class FakeSigningKeys:
    def __init__(self) -> None:
        self.rows: list[SigningKey] = []

    def add(self, key: SigningKey) -> None:
        self.rows.append(key)

    async def list_all(self) -> Sequence[SigningKey]:
        return sorted(self.rows, key=lambda k: k.signs_from)


class FakeMailer:
    def __init__(self) -> None:
        self.messages: list[MailMessage] = []

    async def send(self, message: MailMessage) -> None:
        self.messages.append(message)


class FakeRevocationRecords:
    """The fake hands committed events straight to the view and stores none."""

    async def delete_recorded_before(self, cutoff: datetime) -> int:
        return 0


class FakeUnitOfWork:
    """One shared in-memory store; `commits` counts what the handlers committed."""

    def __init__(self) -> None:
        self.users = FakeUsers()
        self.sessions = FakeSessions(self.users)
        self.refresh_tokens = FakeRefreshTokens(self.sessions)
        self.security_events = FakeSecurityEvents()
        self.one_time_tokens = FakeOneTimeTokens()
        self.totp = FakeTotpCredentials()
        self.recovery_codes = FakeRecoveryCodes()
        self.mfa_challenges = FakeMfaChallenges()
        self.passkeys = FakePasskeys()
        self.webauthn_challenges = FakeWebAuthnChallenges()
        self.identities = FakeIdentities()
        self.oidc_flows = FakeOidcFlows()
        self.signing_keys = FakeSigningKeys()
        self.revocations = FakeRevocationRecords()
        self.commits = 0
        self.users.on_delete = self._cascade
        self.users.sign_in_facts = self._sign_in_facts  # type: ignore[method-assign]
        self.sessions.on_delete = self._drop_refresh_tokens
        self._on_commit: EventHandler = lambda events: None
        self._dropped_events: list[DomainEvent] = []

    def on_commit(self, handler: EventHandler) -> None:
        self._on_commit = handler

    def __call__(self, read_only: bool = False) -> Self:
        return self

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def commit(self) -> None:
        emails = [u.email for u in self.users.rows.values()]
        if len(emails) != len(set(emails)):
            raise Conflict()
        self.commits += 1
        entities = [*self.users.rows.values(), *self.sessions.rows.values()]
        events = self._dropped_events + [e for x in entities for e in x.pop_events()]
        self._dropped_events = []
        self._on_commit(events)

    async def rollback(self) -> None:
        return None

    async def _sign_in_facts(
        self, user_ids: Sequence[uuid.UUID], now: datetime
    ) -> dict[uuid.UUID, SignInFacts]:
        facts = {}
        for i in user_ids:
            totp = self.totp.rows.get(i)
            facts[i] = SignInFacts(
                totp_enabled=totp is not None and totp.enabled,
                passkeys=len(await self.passkeys.list_for_user(i)),
                identities=tuple(x.provider for x in self.identities.rows if x.user_id == i),
                active_sessions=len(await self.sessions.list_active(i, now)),
            )
        return facts

    def _cascade(self, user_id: uuid.UUID) -> None:
        """What ON DELETE CASCADE does in the database."""
        sessions = {s.id for s in self.sessions.rows.values() if s.user_id == user_id}
        for session_id in sessions:
            self._dropped_events += self.sessions.rows[session_id].pop_events()
        self.sessions.rows = {k: v for k, v in self.sessions.rows.items() if k not in sessions}
        self._drop_refresh_tokens(sessions)
        # Security events stay: the audit trail outlives the person it concerns.
        self.one_time_tokens.rows = {
            k: v for k, v in self.one_time_tokens.rows.items() if v.user_id != user_id
        }
        self.totp.rows.pop(user_id, None)
        self.identities.rows = [i for i in self.identities.rows if i.user_id != user_id]
        self.passkeys.rows = {k: v for k, v in self.passkeys.rows.items() if v.user_id != user_id}
        self.recovery_codes.rows = [c for c in self.recovery_codes.rows if c.user_id != user_id]
        self.mfa_challenges.rows = {
            k: v for k, v in self.mfa_challenges.rows.items() if v.user_id != user_id
        }

    def _drop_refresh_tokens(self, session_ids: set[uuid.UUID]) -> None:
        self.refresh_tokens.rows = {
            k: v for k, v in self.refresh_tokens.rows.items() if v.session_id not in session_ids
        }
