"""Second factors: a TOTP authenticator with its recovery codes, and the short-lived
challenge that sits between a right password and a finished sign-in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

MFA_CHALLENGE_ATTEMPTS = 5


@dataclass(eq=False)
class TotpCredential:
    """One per person. Pending until a first code confirms it; the secret is stored
    sealed (encrypted at rest), never in plain text."""

    user_id: uuid.UUID
    sealed_secret: str
    created_at: datetime
    confirmed_at: datetime | None = None
    last_used_step: int | None = None

    @property
    def enabled(self) -> bool:
        return self.confirmed_at is not None

    def accepts_step(self, step: int) -> bool:
        """A code is good once: never the same time step again, nor an older one."""
        return self.last_used_step is None or step > self.last_used_step

    def use_step(self, step: int) -> None:
        self.last_used_step = step

    def restart(self, sealed_secret: str, now: datetime) -> None:
        """A pending set-up asked for again: the new secret replaces the old one."""
        self.sealed_secret, self.created_at = sealed_secret, now

    def confirm(self, step: int, now: datetime) -> None:
        self.confirmed_at = now
        self.use_step(step)


@dataclass(eq=False)
class RecoveryCode:
    """A single-use code for when the authenticator is lost; only its hash is kept."""

    id: uuid.UUID
    user_id: uuid.UUID
    code_hash: str
    created_at: datetime
    used_at: datetime | None = None

    def use(self, now: datetime) -> None:
        self.used_at = now


@dataclass(eq=False)
class MfaChallenge:
    """Issued after the right password when a second factor is on. Opaque to the
    client (only its hash is kept), good for one sign-in, a few minutes and a few
    wrong codes."""

    id: uuid.UUID
    user_id: uuid.UUID
    token_hash: str
    created_at: datetime
    expires_at: datetime
    attempts: int = 0
    used_at: datetime | None = None

    def is_usable(self, now: datetime) -> bool:
        return (
            self.used_at is None
            and now < self.expires_at
            and self.attempts < MFA_CHALLENGE_ATTEMPTS
        )

    def fail(self) -> None:
        self.attempts += 1

    def use(self, now: datetime) -> None:
        self.used_at = now
