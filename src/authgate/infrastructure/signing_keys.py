"""Signing keys in memory: generated with `cryptography`, kept in the database with
their private parts sealed (AES-GCM under a key derived from the master secret), and
held here by `kid`, so verifying a token costs a dictionary look-up, not a query.

`KeyRing` is refreshed from the database every few seconds (a rotation reaches every
process within ten), and answers which key signs and which keys verify. In `HS256`
mode there is one HMAC key, the master secret, never published.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from jwt import PyJWK
from jwt.algorithms import ECAlgorithm, OKPAlgorithm

from authgate.domain.ports import Clock, SecretBox
from authgate.domain.signing_keys import KeyState, SigningKey, key_states

logger = logging.getLogger("authgate.keys")

ASYMMETRIC = ("ES256", "EdDSA")
HS256 = "HS256"
THUMBPRINT_MEMBERS = {"EC": ("crv", "kty", "x", "y"), "OKP": ("crv", "kty", "x")}


def generate_key(algorithm: str, box: SecretBox, now: datetime, signs_from: datetime) -> SigningKey:
    private: ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
    if algorithm == "ES256":
        private = ec.generate_private_key(ec.SECP256R1())
        jwk = ECAlgorithm.to_jwk(private.public_key(), as_dict=True)
    elif algorithm == "EdDSA":
        private = ed25519.Ed25519PrivateKey.generate()
        jwk = OKPAlgorithm.to_jwk(private.public_key(), as_dict=True)
    else:
        raise ValueError(f"no signing keys for {algorithm}")
    kid = thumbprint(jwk)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = {**jwk, "kid": kid, "alg": algorithm, "use": "sig"}
    return SigningKey(kid, algorithm, public, box.seal(pem, kid.encode()), now, signs_from)


def thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638: a kid that names the key itself."""
    members = {m: jwk[m] for m in THUMBPRINT_MEMBERS[jwk["kty"]]}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode()


@dataclass(frozen=True)
class Key:
    kid: str
    algorithm: str
    signing: Any  # what PyJWT signs with: a private key, the HMAC secret, or None
    verifying: Any


class KeyRing:
    def __init__(
        self,
        algorithm: str,
        master: str,
        box: SecretBox,
        token_lifetime: timedelta,
        clock: Clock,
    ) -> None:
        self.algorithm, self._box, self._clock = algorithm, box, clock
        self._lifetime = token_lifetime
        self._stored: list[SigningKey] = []
        self._loaded: dict[str, Key] = {}
        self._hmac = Key(hmac_kid(master), HS256, master, master)
        self._upgraded_at: datetime | None = None  # when asymmetric keys replaced HMAC

    @property
    def asymmetric(self) -> bool:
        return self.algorithm != HS256

    def load(self, keys: Sequence[SigningKey]) -> None:
        """The keys as stored now; private parts are unsealed once per key."""
        for key in keys:
            if key.kid not in self._loaded:
                self._loaded[key.kid] = self._unsealed(key)
        self._stored = list(keys)
        if keys and self.asymmetric:
            self._upgraded_at = min(k.created_at for k in keys)

    def states(self) -> dict[str, KeyState]:
        return key_states(self._stored, self._clock.now(), self._lifetime)

    def knows(self, kid: str) -> bool:
        return kid == self._hmac.kid or kid in self._loaded

    def signer(self) -> Key:
        """The current key; should this process be unable to open it (a key made under
        another master secret), the newest begun key it can open, so it keeps working
        while the operator sorts the secrets out (each such key is logged once)."""
        if not self.asymmetric:
            return self._hmac
        begun = [
            self._loaded[k.kid]
            for k in sorted(self._stored, key=lambda k: (k.signs_from, k.created_at), reverse=True)
            if k.signs_from <= self._clock.now()
        ]
        usable = [k for k in begun if k.signing is not None]
        if not usable:
            raise LookupError("no signing key this process can open")
        return usable[0]

    def can_sign_with_current(self) -> bool:
        """Whether the current key is of the configured algorithm and opens here."""
        current = [kid for kid, state in self.states().items() if state is KeyState.CURRENT]
        key = self._loaded.get(current[0]) if current else None
        return key is not None and key.signing is not None and key.algorithm == self.algorithm

    def verifier(self, kid: str | None) -> Key | None:
        """The key for a token's `kid` (its algorithm pinned), or None: unknown, retired,
        or an HMAC token after the upgrade to asymmetric keys."""
        if kid is None or kid == self._hmac.kid:
            return self._hmac if self._hmac_accepted() else None
        state = self.states().get(kid)
        if state is None or state is KeyState.RETIRED:
            return None
        return self._loaded[kid]

    def published(self) -> list[dict[str, Any]]:
        """The JWKS: current, next and previous public keys; never a private part."""
        live = {kid for kid, state in self.states().items() if state is not KeyState.RETIRED}
        return [dict(k.public_jwk) for k in self._stored if k.kid in live]

    def issued_before_upgrade(self, issued_at: float) -> bool:
        """An HMAC token verifies after the upgrade to asymmetric keys only when it was
        issued before it (people stay signed in; such tokens die within one lifetime)."""
        if not self.asymmetric:
            return True
        return self._upgraded_at is not None and issued_at < self._upgraded_at.timestamp()

    def _hmac_accepted(self) -> bool:
        if not self.asymmetric:
            return True
        upgraded = self._upgraded_at
        return upgraded is not None and self._clock.now() < upgraded + self._lifetime

    def _unsealed(self, key: SigningKey) -> Key:
        """Verifying needs only the published part; signing needs the private part,
        which opens only under the master secret it was sealed with."""
        public = PyJWK(key.public_jwk, key.algorithm).key
        try:
            pem = self._box.open(key.sealed_private, key.kid.encode()).encode()
        except ValueError:
            logger.warning("signing key %s does not open with this master secret", key.kid)
            return Key(key.kid, key.algorithm, None, public)
        private = serialization.load_pem_private_key(pem, password=None)
        return Key(key.kid, key.algorithm, private, public)


def hmac_kid(master: str) -> str:
    """Names the HMAC key without revealing anything of it."""
    digest = hmac.new(master.encode(), b"authgate/hs256-kid/v1", hashlib.sha256).digest()
    return "hs256-" + base64.urlsafe_b64encode(digest[:9]).decode()
