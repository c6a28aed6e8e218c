"""Keys for separate purposes, derived from the one master secret.

Each purpose gets its own key (HMAC-SHA256 of a purpose label under the master secret,
a PRF used as a KDF), so a key used for one job never doubles as another's.
"""

from __future__ import annotations

import hashlib
import hmac

REFRESH_SUCCESSOR = "refresh-token-successor"
REVOCATION_CHANNEL = "revocation-channel"
SECRETS_AT_REST = "secrets-at-rest"
RECOVERY_CODES = "recovery-codes"


def derive_key(master: str, purpose: str) -> bytes:
    return hmac.new(master.encode(), f"authgate/{purpose}/v1".encode(), hashlib.sha256).digest()
