"""bcrypt password hashing that neither truncates nor trips on NUL bytes.

bcrypt reads at most 72 bytes and stops at a NUL byte. Passwords that are longer or
contain NUL are first HMAC-SHA256'd and base64-encoded (44 ASCII bytes), and the stored
hash records that scheme with a prefix, so every character counts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

import bcrypt

from authgate.infrastructure.hashing_pool import HashingPool

PREHASH_PREFIX = "$authgate-hmac-sha256$"
# A fixed, public key: this is a pre-hash for length, not a pepper.
PREHASH_KEY = b"authgate bcrypt pre-hash v1"
BCRYPT_MAX_BYTES = 72


def _needs_prehash(raw: bytes) -> bool:
    return len(raw) > BCRYPT_MAX_BYTES or b"\x00" in raw


def _prehash(raw: bytes) -> bytes:
    return base64.b64encode(hmac.new(PREHASH_KEY, raw, hashlib.sha256).digest())


class BcryptHasher:
    def __init__(self, rounds: int = 12, pool: HashingPool | None = None) -> None:
        self._rounds, self._pool = rounds, pool or HashingPool()
        # A well-formed hash of the configured cost that no password matches: checking
        # against it costs what a real check does, without hashing at start-up.
        self._dummy_hash = bcrypt.gensalt(rounds).decode("ascii") + "." * 31

    async def hash(self, password: str) -> str:
        return await self._pool.run(self._hash_sync, password)

    async def verify(self, password: str, password_hash: str) -> bool:
        return await self._pool.run(self._verify_sync, password, password_hash)

    async def verify_dummy(self, password: str) -> None:
        await self.verify(password, self._dummy_hash)

    def needs_rehash(self, password_hash: str) -> bool:
        bare = password_hash.removeprefix(PREHASH_PREFIX)
        try:
            return int(bare.split("$")[2]) != self._rounds
        except (IndexError, ValueError):
            return True

    def _hash_sync(self, password: str) -> str:
        raw = password.encode("utf-8")
        prefix = ""
        if _needs_prehash(raw):
            raw, prefix = _prehash(raw), PREHASH_PREFIX
        return prefix + bcrypt.hashpw(raw, bcrypt.gensalt(self._rounds)).decode("ascii")

    def _verify_sync(self, password: str, password_hash: str) -> bool:
        raw = password.encode("utf-8")
        if password_hash.startswith(PREHASH_PREFIX):
            raw, password_hash = _prehash(raw), password_hash.removeprefix(PREHASH_PREFIX)
        elif _needs_prehash(raw):
            return False  # such a password is never stored without the pre-hash
        try:
            return bcrypt.checkpw(raw, password_hash.encode("ascii"))
        except ValueError:
            return False
