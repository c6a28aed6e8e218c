"""The domain's ports: what the application needs from the outside world."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Literal, Protocol, Self

from authgate.domain.events import DomainEvent, UserProfile
from authgate.domain.identities import Identity, OidcFlow, ProviderClaims
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
from authgate.domain.signing_keys import SigningKey


class Clock(Protocol):
    def now(self) -> datetime: ...


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password: str, password_hash: str) -> bool: ...

    async def verify_dummy(self, password: str) -> None:
        """Spend the same work as a real verification (an unknown account)."""

    def needs_rehash(self, password_hash: str) -> bool: ...


class UserRepository(Protocol):
    def add(self, user: User) -> None: ...

    async def get(self, user_id: uuid.UUID) -> User | None: ...

    async def get_by_email(self, email: str) -> User | None: ...

    async def delete(self, user: User) -> None: ...

    async def page(
        self, prefix: str | None, limit: int, after: tuple[datetime, uuid.UUID] | None
    ) -> Sequence[User]:
        """Newest first, `limit` of them, after the (created_at, id) of the last one
        seen; `prefix` matches the start of the email or the name, case-insensitively."""
        ...

    async def sign_in_facts(
        self, user_ids: Sequence[uuid.UUID], now: datetime
    ) -> dict[uuid.UUID, SignInFacts]:
        """For a page of people at once: a few grouped queries, not a few per person."""
        ...

    async def admins_for_update(self) -> Sequence[User]:
        """Every admin, locked for the transaction: two admins demoting each other at
        once are judged one after the other."""
        ...


class SessionRepository(Protocol):
    def add(self, session: Session) -> None: ...

    async def get(self, session_id: uuid.UUID) -> Session | None: ...

    async def list_active(self, user_id: uuid.UUID, now: datetime) -> Sequence[Session]: ...

    async def delete_finished_before(self, cutoff: datetime) -> int:
        """Deletes sessions that ended or expired before `cutoff`, with their
        refresh tokens; returns how many sessions."""
        ...


class RefreshTokenRepository(Protocol):
    def add(self, token: RefreshToken) -> None: ...

    async def get_by_hash_for_update(self, token_hash: str) -> RefreshToken | None: ...

    async def get_for_rotation(
        self, token_hash: str, now: datetime
    ) -> tuple[RefreshToken, Session, User] | None:
        """The token, locked for this transaction, with its session (when still active)
        and the session's user, in one round trip."""
        ...


class OneStepRotation(Protocol):
    async def __call__(
        self,
        token_hash: str,
        successor_hash: str,
        now: datetime,
        successor_ttl: timedelta,
        touch_every: timedelta,
    ) -> tuple[Session, User] | None:
        """Rotates an unused, unexpired token of an active session at once: marks it
        rotated, stores its successor (expiring with its session at the latest), touches
        the session, and returns it with its user. None when the token is anything else."""
        ...


class SecurityEventRepository(Protocol):
    def add(self, event: SecurityEvent) -> None: ...

    async def list_recent(self, user_id: uuid.UUID, limit: int) -> Sequence[SecurityEvent]: ...

    async def page(
        self, user_id: uuid.UUID | None, limit: int, after: tuple[datetime, uuid.UUID] | None
    ) -> Sequence[SecurityEvent]:
        """Newest first, everyone's or one person's, after the last one seen."""
        ...


class OneTimeTokenRepository(Protocol):
    def add(self, token: OneTimeToken) -> None: ...

    async def get_by_hash_for_update(self, token_hash: str) -> OneTimeToken | None: ...

    async def list_unused(self, user_id: uuid.UUID, purpose: str) -> Sequence[OneTimeToken]: ...

    async def delete_expired_before(self, cutoff: datetime) -> int:
        """Deletes tokens that expired before `cutoff`, used or not; returns how many."""
        ...


class TotpCredentialRepository(Protocol):
    def add(self, credential: TotpCredential) -> None: ...

    async def get(self, user_id: uuid.UUID) -> TotpCredential | None: ...

    async def get_for_update(self, user_id: uuid.UUID) -> TotpCredential | None:
        """Locked for the transaction, so one code cannot be used twice at once."""
        ...

    async def delete(self, credential: TotpCredential) -> None: ...


class RecoveryCodeRepository(Protocol):
    def add(self, code: RecoveryCode) -> None: ...

    async def get_unused_for_update(
        self, user_id: uuid.UUID, code_hash: str
    ) -> RecoveryCode | None: ...

    async def count_unused(self, user_id: uuid.UUID) -> int: ...

    async def delete_all(self, user_id: uuid.UUID) -> None: ...


class MfaChallengeRepository(Protocol):
    def add(self, challenge: MfaChallenge) -> None: ...

    async def get_by_hash(self, token_hash: str) -> MfaChallenge | None: ...

    async def get_by_hash_for_update(self, token_hash: str) -> MfaChallenge | None: ...

    async def delete_expired_before(self, cutoff: datetime) -> int: ...


class PasskeyRepository(Protocol):
    def add(self, passkey: Passkey) -> None: ...

    async def list_for_user(self, user_id: uuid.UUID) -> Sequence[Passkey]: ...

    async def get(self, user_id: uuid.UUID, passkey_id: uuid.UUID) -> Passkey | None: ...

    async def get_by_credential_id_for_update(self, credential_id: str) -> Passkey | None: ...

    async def delete(self, passkey: Passkey) -> None: ...


class WebAuthnChallengeRepository(Protocol):
    def add(self, challenge: WebAuthnChallenge) -> None: ...

    async def get_by_hash_for_update(self, token_hash: str) -> WebAuthnChallenge | None: ...

    async def newest_for_update(
        self, user_id: uuid.UUID, purpose: str
    ) -> WebAuthnChallenge | None: ...

    async def delete_expired_before(self, cutoff: datetime) -> int: ...


class IdentityRepository(Protocol):
    def add(self, identity: Identity) -> None: ...

    async def list_for_user(self, user_id: uuid.UUID) -> Sequence[Identity]: ...

    async def get_by_subject(self, issuer: str, subject: str) -> Identity | None: ...

    async def delete(self, identity: Identity) -> None: ...


class OidcFlowRepository(Protocol):
    def add(self, flow: OidcFlow) -> None: ...

    async def get_by_state_for_update(self, state_hash: str) -> OidcFlow | None: ...

    async def delete_expired_before(self, cutoff: datetime) -> int: ...


class SigningKeyRepository(Protocol):
    def add(self, key: SigningKey) -> None: ...

    async def list_all(self) -> Sequence[SigningKey]: ...


class RevocationRecords(Protocol):
    """The stored domain events that other processes read (see the unit of work)."""

    async def delete_recorded_before(self, cutoff: datetime) -> int:
        """Deletes records older than `cutoff`; returns how many."""
        ...


class UnitOfWork(Protocol):
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

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


EventHandler = Callable[[Sequence[DomainEvent]], None]


class UnitOfWorkFactory(Protocol):
    def __call__(self, read_only: bool = False) -> UnitOfWork:
        """A unit of work; `read_only` promises no writes, so a store may run it
        beside other transactions (SQLite readers need not queue for the write lock)."""
        ...

    def on_commit(self, handler: EventHandler) -> None:
        """Where the domain events of each committed unit of work go, after the commit."""
        ...


@dataclass(frozen=True)
class VerifiedToken:
    """What a valid access token says: who, in which session, issued when, and when
    that session's sign-in happened."""

    user: UserProfile
    session_id: uuid.UUID
    issued_at: datetime
    authenticated_at: datetime


class AccessTokens(Protocol):
    """Signs and checks the short-lived access JWT."""

    async def issue(self, user: User, session: Session, now: datetime) -> str: ...

    async def ready(self) -> None:
        """Loads the signing keys the first time (a no-op afterwards)."""

    async def reload_keys(self) -> None:
        """Reads the keys again (rate-limited): a token named a kid not loaded yet."""

    def verify(self, token: str) -> VerifiedToken:
        """Raises InvalidToken or TokenExpired; call `ready` once first."""
        ...


class Revocations(Protocol):
    """This process's view of ended sessions and changed people (no I/O per request)."""

    async def ensure_fresh(self) -> None:
        """ServiceUnavailable when the view may be missing changes made elsewhere."""
        ...

    def session_ended(self, session_id: uuid.UUID) -> bool: ...

    def current_profile(self, user_id: uuid.UUID, issued_at: datetime) -> UserProfile | None:
        """The person's info if it changed since `issued_at`, else None."""
        ...


class SecretBox(Protocol):
    """Encryption at rest for secrets the service must read back (TOTP secrets)."""

    def seal(self, plaintext: str, context: bytes) -> str: ...

    def open(self, sealed: str, context: bytes) -> str:
        """The plaintext; ValueError when `sealed` was not made by `seal` for `context`."""
        ...


class Totp(Protocol):
    """RFC 6238 time-based one-time passwords."""

    def new_secret(self) -> str: ...

    def provisioning_uri(self, secret: str, account: str, issuer: str) -> str: ...

    def matching_step(self, secret: str, code: str, now: datetime) -> int | None:
        """The time step whose code `code` is, within one step of `now`; else None."""
        ...


@dataclass(frozen=True)
class NewCredential:
    credential_id: str  # base64url
    public_key: bytes
    sign_count: int


@dataclass(frozen=True)
class Assertion:
    credential_id: str  # base64url
    user_handle: bytes | None


class WebAuthn(Protocol):
    """The relying party's side of WebAuthn: options out, answers verified. Options and
    credentials are WebAuthn's own JSON forms, passed through untouched.
    The verify methods raise InvalidPasskey for anything that does not check out."""

    def creation_options(
        self, user_handle: bytes, name: str, display_name: str, exclude: Sequence[str]
    ) -> tuple[dict[str, Any], str]:
        """The options, and their challenge (base64url)."""
        ...

    def request_options(self) -> tuple[dict[str, Any], str]: ...

    def verify_registration(self, credential: dict[str, Any], challenge: str) -> NewCredential: ...

    def read_assertion(self, credential: dict[str, Any]) -> Assertion:
        """Which credential (and person) an answer claims to be, before it is checked."""
        ...

    def verify_assertion(
        self, credential: dict[str, Any], challenge: str, public_key: bytes
    ) -> int:
        """The authenticator's new signature counter."""
        ...


@dataclass(frozen=True)
class AuthorizationRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


class OidcProvider(Protocol):
    """One configured OpenID Connect provider (discovery, PKCE, the code exchange and
    the ID token's verification are the library's)."""

    name: str
    display_name: str
    issuer: str

    async def authorization_request(self, redirect_uri: str) -> AuthorizationRequest: ...

    async def claims(
        self, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> ProviderClaims:
        """Exchanges the code and verifies the ID token in full; OidcFailure
        (oidc_token_invalid) when either fails."""
        ...


class SecurityLog(Protocol):
    """Writes security events as structured log lines (never a password or token)."""

    def emit(self, event: SecurityEvent) -> None: ...


class Mailer(Protocol):
    """Sends one message (or, for the background outbox, accepts it for sending)."""

    async def send(self, message: MailMessage) -> None: ...


# What is counted: failed sign-ins per account, and attempts per client address.
RateRule = Literal[
    "login_account",
    "login_address",
    "signup",
    "password_forgot",
    "password_forgot_account",
    "password_reset",
    "email_verify",
    "verification_resend",
    "refresh",
    "mfa_account",
]


@dataclass(frozen=True)
class RateReservation:
    """One place taken in every window of a rule, until it is refunded (if ever).
    `last` is True when it took the last place of some window: the budget is spent."""

    rule: RateRule
    key: str
    id: str
    last: bool


class RateLimiter(Protocol):
    """Sliding-window attempt counters per rule and key (a client address or an email)."""

    async def reserve(self, rule: RateRule, key: str) -> RateReservation | None:
        """Take one place in every window of the rule in one atomic step; None, and
        nothing taken, when some window is full."""
        ...

    async def refund(self, reservation: RateReservation) -> None:
        """Give a reserved place back (the attempt turned out not to count)."""
        ...

    async def hit(self, rule: RateRule, key: str) -> bool:
        """Count one attempt for good (a reservation never refunded); False, and
        nothing counted, when the budget is spent."""
        ...

    async def retry_after(self, rule: RateRule, key: str) -> int:
        """Seconds until one more attempt fits (at least 1)."""
        ...

    async def clear(self, rule: RateRule, key: str) -> None:
        """Forget every attempt counted for the key."""
        ...

    async def close(self) -> None:
        """Release connections to a shared store, if any."""
        ...


class BackgroundWork(Protocol):
    """Runs work after the answer has gone; failures are logged, never raised."""

    def spawn(self, work: Coroutine[Any, Any, None], what: str) -> None: ...
