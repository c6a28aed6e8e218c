"""Identities at OpenID Connect providers, and the flows that bring them back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(eq=False)
class Identity:
    """A person's account at a provider, keyed by (issuer, subject): never by email."""

    id: uuid.UUID
    user_id: uuid.UUID
    provider: str
    issuer: str
    subject: str
    email: str | None
    created_at: datetime


class Intent:
    SIGN_IN = "signin"
    LINK = "link"


@dataclass(eq=False)
class OidcFlow:
    """One trip to a provider and back: found by the hash of its `state`, bound to the
    browser that started it by the hash of a cookie, single use, ten minutes."""

    id: uuid.UUID
    state_hash: str
    browser_hash: str
    provider: str
    intent: str
    nonce: str
    code_verifier: str
    next_path: str
    created_at: datetime
    expires_at: datetime
    user_id: uuid.UUID | None = None  # who links (intent=link)
    used_at: datetime | None = None

    def redeem(self, provider: str, browser_hash: str, now: datetime) -> bool:
        """Uses the flow up; True when it was good, for this provider and browser.
        Another browser's attempt (a leaked callback URL) fails without using it up,
        so it cannot spoil the sign-in of the person it belongs to."""
        if self.browser_hash != browser_hash:
            return False
        good = self.used_at is None and now < self.expires_at and self.provider == provider
        self.used_at = self.used_at or now
        return good


@dataclass(frozen=True)
class ProviderClaims:
    """What a verified ID token says about its person."""

    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None
