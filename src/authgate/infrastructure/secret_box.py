"""Encryption at rest: AES-256-GCM under a key derived from the master secret.

Each sealed value carries its own random nonce, and is bound to a context (the owner's
id) as associated data, so a sealed secret copied onto another row does not open."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"
NONCE_BYTES = 12


class AesGcmSecretBox:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, plaintext: str, context: bytes) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = nonce + self._aead.encrypt(nonce, plaintext.encode(), context)
        return f"{VERSION}.{base64.urlsafe_b64encode(sealed).decode()}"

    def open(self, sealed: str, context: bytes) -> str:
        version, _, encoded = sealed.partition(".")
        if version != VERSION:
            raise ValueError("unknown sealed format")
        raw = base64.urlsafe_b64decode(encoded)
        try:
            return self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context).decode()
        except InvalidTag:
            raise ValueError("sealed value does not open with this key") from None
