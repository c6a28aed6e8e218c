"""A software WebAuthn authenticator for the tests: ES256 keys from `cryptography`,
"none" attestation, user presence and verification flagged, a signature counter.

It answers creation and request options with the JSON a browser's
`PublicKeyCredential.toJSON()` gives, so the service verifies them with py_webauthn
exactly as it verifies a real browser's. Knobs let a test forge what an attacker
would: another origin or RP ID, a counter that goes backwards.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

UP, UV, AT = 0x01, 0x04, 0x40  # authenticator data flags


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def cbor(obj: Any) -> bytes:
    """The CBOR subset WebAuthn needs, maps in CTAP2 canonical key order."""

    def head(major: int, n: int) -> bytes:
        if n < 24:
            return bytes([major << 5 | n])
        for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
            if n < 1 << (8 * struct.calcsize(fmt)):
                return bytes([major << 5 | extra]) + struct.pack(fmt, n)
        raise ValueError(n)

    if isinstance(obj, int):
        return head(0, obj) if obj >= 0 else head(1, -1 - obj)
    if isinstance(obj, bytes):
        return head(2, len(obj)) + obj
    if isinstance(obj, str):
        return head(3, len(obj.encode())) + obj.encode()
    if isinstance(obj, dict):
        items = sorted(
            ((cbor(k), cbor(v)) for k, v in obj.items()), key=lambda kv: (len(kv[0]), kv[0])
        )
        return head(5, len(items)) + b"".join(k + v for k, v in items)
    raise TypeError(type(obj))


@dataclass
class SoftCredential:
    credential_id: bytes
    rp_id: str
    user_handle: bytes
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    sign_count: int = 0

    def cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
        return cbor({1: 2, 3: -7, -1: 1, -2: x, -3: y})  # EC2, ES256, P-256


class SoftAuthenticator:
    def __init__(self) -> None:
        self.credentials: dict[bytes, SoftCredential] = {}

    def create(
        self, options: dict[str, Any], origin: str, rp_id: str | None = None
    ) -> dict[str, Any]:
        """Answers creation options; refuses (as a browser would) when an excluded
        credential is on this authenticator."""
        rp = rp_id or options["rp"]["id"]
        excluded = {unb64url(c["id"]) for c in options.get("excludeCredentials") or []}
        if excluded & set(self.credentials):
            raise ValueError("InvalidStateError: a credential of this authenticator is excluded")
        cred = SoftCredential(os.urandom(32), rp, unb64url(options["user"]["id"]))
        self.credentials[cred.credential_id] = cred
        auth_data = (
            hashlib.sha256(rp.encode()).digest()
            + bytes([UP | UV | AT])
            + struct.pack(">I", cred.sign_count)
            + bytes(16)  # AAGUID
            + struct.pack(">H", len(cred.credential_id))
            + cred.credential_id
            + cred.cose_key()
        )
        attestation = cbor({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = _client_data("webauthn.create", options["challenge"], origin)
        return {
            "id": b64url(cred.credential_id),
            "rawId": b64url(cred.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }

    def get(
        self,
        options: dict[str, Any],
        origin: str,
        rp_id: str | None = None,
        *,
        credential_id: bytes | None = None,
        sign_count: int | None = None,
    ) -> dict[str, Any]:
        """Answers request options with the only (or the named) credential, as a person
        picking their passkey would. `sign_count` forces the counter (a clone)."""
        cred = self.credentials[credential_id or next(iter(self.credentials))]
        cred.sign_count = cred.sign_count + 1 if sign_count is None else sign_count
        rp = rp_id or options.get("rpId") or cred.rp_id
        auth_data = (
            hashlib.sha256(rp.encode()).digest()
            + bytes([UP | UV])
            + struct.pack(">I", cred.sign_count)
        )
        client_data = _client_data("webauthn.get", options["challenge"], origin)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = cred.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64url(cred.credential_id),
            "rawId": b64url(cred.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": b64url(cred.user_handle),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }


def _client_data(kind: str, challenge: str, origin: str) -> bytes:
    payload = {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
    return json.dumps(payload, separators=(",", ":")).encode()
