"""Passkeys (WebAuthn credentials) and the challenges that register or use them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class CounterWentBackwards(Exception):
    """The authenticator's signature counter did not move forward: a cloned key."""


@dataclass(eq=False)
class Passkey:
    """A public key the person's authenticator holds the private half of."""

    id: uuid.UUID
    user_id: uuid.UUID
    credential_id: str  # base64url, as WebAuthn's JSON carries it
    public_key: bytes  # COSE
    sign_count: int
    name: str
    created_at: datetime
    last_used_at: datetime | None = None
    transports: list[str] = field(default_factory=list)

    def use(self, sign_count: int, now: datetime) -> None:
        """A counter of 0 on both sides means the authenticator keeps none (allowed);
        otherwise it must grow with every use (WebAuthn 6.1.1)."""
        if (sign_count or self.sign_count) and sign_count <= self.sign_count:
            raise CounterWentBackwards()
        self.sign_count, self.last_used_at = sign_count, now


class ChallengePurpose:
    REGISTER = "register"  # a signed-in person adds a passkey
    LOGIN = "login"  # anyone signs in with a discoverable passkey
    SIGNUP = "signup"  # a new account is made with a passkey and no password


@dataclass(eq=False)
class WebAuthnChallenge:
    """Random, single-use, bound to its purpose (and person), good for five minutes.

    Registration challenges belong to a signed-in person; sign-in and sign-up ones are
    found by the hash of an opaque token handed to the client. A sign-up challenge
    carries the account to create (`payload`) and its future id (`user_id`)."""

    id: uuid.UUID
    purpose: str
    challenge: str  # base64url
    created_at: datetime
    expires_at: datetime
    user_id: uuid.UUID | None = None
    token_hash: str | None = None
    payload: dict[str, Any] | None = None
    used_at: datetime | None = None

    def redeem(self, purpose: str, now: datetime) -> bool:
        """Uses the challenge up; True when it was good for `purpose` until now."""
        good = self.purpose == purpose and self.used_at is None and now < self.expires_at
        self.used_at = self.used_at or now
        return good
