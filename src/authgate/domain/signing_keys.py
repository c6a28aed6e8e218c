"""Access-token signing keys and their life: next, current, previous, retired.

A key is published as `next` before it signs, so verifiers that cache the JWKS see it
first; it is `current` from `signs_from` until a newer key takes over; then `previous`
for as long as a token it signed can still be valid; then `retired`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any


class KeyState(StrEnum):
    NEXT = "next"
    CURRENT = "current"
    PREVIOUS = "previous"
    RETIRED = "retired"


@dataclass(eq=False)
class SigningKey:
    kid: str
    algorithm: str
    public_jwk: dict[str, Any]
    sealed_private: str
    created_at: datetime
    signs_from: datetime


def key_states(
    keys: Sequence[SigningKey], now: datetime, token_lifetime: timedelta
) -> dict[str, KeyState]:
    """Each key's state at `now`; at most one is current (the newest that has begun)."""
    begun = sorted((k for k in keys if k.signs_from <= now), key=_order, reverse=True)
    states = {k.kid: KeyState.NEXT for k in keys if k.signs_from > now}
    for newer, key in zip([None, *begun], begun, strict=False):
        if newer is None:
            states[key.kid] = KeyState.CURRENT
        elif now < newer.signs_from + token_lifetime:
            states[key.kid] = KeyState.PREVIOUS  # its tokens may still be valid
        else:
            states[key.kid] = KeyState.RETIRED
    return states


def _order(key: SigningKey) -> tuple[datetime, datetime, str]:
    return key.signs_from, key.created_at, key.kid
