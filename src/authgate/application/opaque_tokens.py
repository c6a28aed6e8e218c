"""Opaque tokens handed to clients: refresh tokens, one-time links, MFA and WebAuthn
challenge tokens, provider states. 256 random bits each, stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(value: str) -> str:
    """A fast hash is right here: the token is 256 random bits, not a guessable secret."""
    return hashlib.sha256(value.encode()).hexdigest()
