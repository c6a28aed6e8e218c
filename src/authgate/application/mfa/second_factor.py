"""Checking and keeping second-factor codes: TOTP and single-use recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from authgate.domain.mfa import RecoveryCode, TotpCredential
from authgate.domain.ports import Clock, SecretBox, Totp, UnitOfWork

RECOVERY_CODE_COUNT = 10
# 32 symbols (5 bits each) without look-alikes 0/o and 1/l; 3 groups of 4: 60 bits.
RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
RECOVERY_GROUPS, RECOVERY_GROUP_LENGTH = 3, 4
TOTP = "totp"
RECOVERY_CODE = "recovery_code"


def new_recovery_code() -> str:
    groups = (
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_LENGTH))
        for _ in range(RECOVERY_GROUPS)
    )
    return "-".join(groups)


def normalise_code(code: str) -> str:
    """Dashes and spaces are for reading aloud; case does not matter."""
    return "".join(code.split()).replace("-", "").lower()


@dataclass(frozen=True)
class SecondFactor:
    totp: Totp
    box: SecretBox
    recovery_key: bytes  # recovery codes are stored as HMACs under it
    clock: Clock
    issuer: str  # shown in authenticator apps

    def seal(self, user_id: uuid.UUID, secret: str) -> str:
        return self.box.seal(secret, user_id.bytes)

    def secret_of(self, credential: TotpCredential) -> str:
        return self.box.open(credential.sealed_secret, credential.user_id.bytes)

    def totp_step(self, credential: TotpCredential, code: str, now: datetime) -> int | None:
        """The step of a good, not yet used code; None otherwise."""
        step = self.totp.matching_step(self.secret_of(credential), normalise_code(code), now)
        return step if step is not None and credential.accepts_step(step) else None

    async def redeem(self, uow: UnitOfWork, user_id: uuid.UUID, code: str) -> str | None:
        """Uses `code` up (a TOTP step, or a recovery code) and says which kind it was;
        None when it is wrong, already used, or no second factor is on."""
        now = self.clock.now()
        credential = await uow.totp.get_for_update(user_id)
        if credential is None or not credential.enabled:
            return None
        step = self.totp_step(credential, code, now)
        if step is not None:
            credential.use_step(step)
            return TOTP
        recovery = await uow.recovery_codes.get_unused_for_update(user_id, self._hash(code))
        if recovery is None:
            return None
        recovery.use(now)
        return RECOVERY_CODE

    async def new_recovery_codes(self, uow: UnitOfWork, user_id: uuid.UUID) -> list[str]:
        """Ten fresh codes; the old ones stop working in the same transaction."""
        await uow.recovery_codes.delete_all(user_id)
        codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
        now = self.clock.now()
        for code in codes:
            uow.recovery_codes.add(RecoveryCode(uuid.uuid4(), user_id, self._hash(code), now))
        return codes

    def _hash(self, code: str) -> str:
        """Keyed, so a copy of the database alone cannot test guesses offline."""
        return hmac.new(
            self.recovery_key, normalise_code(code).encode(), hashlib.sha256
        ).hexdigest()
