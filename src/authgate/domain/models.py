"""Entities of the authentication domain."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from authgate.domain.errors import AccountDisabled, RefreshTokenReused
from authgate.domain.events import RecordsEvents, SessionEnded, UserChanged, UserProfile


@dataclass(eq=False)
class User(RecordsEvents):
    id: uuid.UUID
    name: str
    email: str
    password_hash: str | None
    created_at: datetime
    avatar_url: str | None = None
    email_verified: bool = False
    role: str = "user"
    disabled_at: datetime | None = None
    last_sign_in_at: datetime | None = None

    @property
    def has_password(self) -> bool:
        """An account made by a passkey or an OpenID provider has none until it sets one."""
        return self.password_hash is not None

    def ensure_can_sign_in(self) -> None:
        """Asked only once the person has proved who they are, so that a disabled
        account is not revealed to someone guessing."""
        if self.disabled_at is not None:
            raise AccountDisabled()

    def profile(self) -> UserProfile:
        return UserProfile(
            id=self.id,
            name=self.name,
            email=self.email,
            avatar_url=self.avatar_url,
            email_verified=self.email_verified,
            role=self.role,
            created_at=self.created_at,
        )

    def update_profile(self, now: datetime, **changes: str | None) -> None:
        """Sets name and/or avatar_url; every process answers the new values at once."""
        for name, value in changes.items():
            setattr(self, name, value)
        self.record(UserChanged(self.profile(), now))

    def verify_email(self, now: datetime) -> None:
        if not self.email_verified:
            self.email_verified = True
            self.record(UserChanged(self.profile(), now))

    def change(self, now: datetime, **changes: object) -> None:
        """An administrator's change of name, role or email_verified: every process
        answers the new values at once, as for a profile change."""
        for name, value in changes.items():
            setattr(self, name, value)
        self.record(UserChanged(self.profile(), now))

    def disable(self, now: datetime) -> None:
        self.disabled_at = self.disabled_at or now

    def enable(self) -> None:
        self.disabled_at = None

    def set_password_hash(self, password_hash: str) -> None:
        self.password_hash = password_hash


def keeps_a_way_in(user: User, passkeys: int, identities: int) -> bool:
    """Whether the account can still be signed in to with what it has left."""
    return user.has_password or passkeys + identities > 0


def password_fingerprint(user: User) -> str:
    """Changes whenever the password does (bcrypt's salt is new each time)."""
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()


LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class SignInFacts:
    """How a person can sign in and is signed in, as an administrator sees it."""

    totp_enabled: bool = False
    passkeys: int = 0
    identities: tuple[str, ...] = ()
    active_sessions: int = 0


ADMIN = "admin"
ROLES = ("user", ADMIN)


@dataclass(eq=False)
class Session(RecordsEvents):
    """One sign-in: it starts at login and lives through every refresh until it ends."""

    id: uuid.UUID
    user_id: uuid.UUID
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    authenticated_at: datetime | None = None
    methods: list[str] = field(default_factory=list)
    user_agent: str | None = None
    ip: str | None = None
    ended_at: datetime | None = None

    def is_active(self, now: datetime) -> bool:
        return self.ended_at is None and now < self.expires_at

    def touch(self, now: datetime) -> None:
        """Kept to the minute: refreshing often then writes no session row each time."""
        if now - self.last_used_at >= LAST_USED_PRECISION:
            self.last_used_at = now

    def end(self, now: datetime) -> None:
        if self.ended_at is None:
            self.ended_at = now
            self.record(SessionEnded(self.id, self.user_id, now))


@dataclass(eq=False)
class RefreshToken:
    """A refresh token as stored: only the hash of the opaque value is kept."""

    id: uuid.UUID
    session_id: uuid.UUID
    token_hash: str
    created_at: datetime
    expires_at: datetime
    rotated_at: datetime | None = None

    def rotate(self, now: datetime, grace: timedelta) -> bool:
        """Marks the token used. True the first time: its successor must be stored. A
        rotated token shown again within `grace` is a racing tab (False: hand out the
        same successor); later, someone holds a stolen copy."""
        if self.rotated_at is None:
            self.rotated_at = now
            return True
        if now - self.rotated_at <= grace:
            return False
        raise RefreshTokenReused()


@dataclass(frozen=True)
class Principal:
    """Who a request is authenticated as: the person as currently known, not the row,
    and when the session's sign-in proved it."""

    user: UserProfile
    session_id: uuid.UUID
    authenticated_at: datetime


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int
    session_id: uuid.UUID = field(compare=False)


@dataclass(frozen=True)
class ClientInfo:
    """Where a request came from, as far as we can trust it."""

    ip: str | None = None
    user_agent: str | None = None


@dataclass(eq=False)
class SecurityEvent:
    id: uuid.UUID
    event: str
    created_at: datetime
    user_id: uuid.UUID | None = None
    ip: str | None = None
    user_agent: str | None = None
    actor_id: uuid.UUID | None = None


class TokenPurpose(StrEnum):
    PASSWORD_RESET = "password_reset"
    EMAIL_VERIFICATION = "email_verification"


@dataclass(eq=False)
class OneTimeToken:
    """A single-use token sent by email; as with refresh tokens, only its hash is kept.

    A reset link carries a fingerprint of the password it was issued under, so a
    password changed since (by its owner, or by another link) makes it useless."""

    id: uuid.UUID
    user_id: uuid.UUID
    purpose: str
    token_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    password_fingerprint: str | None = None

    def is_usable(self, now: datetime, owner: User) -> bool:
        if self.used_at is not None or now >= self.expires_at:
            return False
        return self.password_fingerprint in (None, password_fingerprint(owner))

    def use(self, now: datetime) -> None:
        if self.used_at is None:
            self.used_at = now


@dataclass(frozen=True)
class MailMessage:
    to: str
    subject: str
    text: str
    html: str
