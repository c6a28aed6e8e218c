"""RFC 6238 codes with pyotp: SHA-1, 6 digits, 30-second steps, as authenticator apps
expect."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp

SECRET_LENGTH = 32  # base32 characters: 160 bits, RFC 4226's recommended key size
DRIFT_STEPS = 1  # a code is good in its own step and one either side


class PyotpTotp:
    def new_secret(self) -> str:
        return pyotp.random_base32(SECRET_LENGTH)

    def provisioning_uri(self, secret: str, account: str, issuer: str) -> str:
        return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)

    def matching_step(self, secret: str, code: str, now: datetime) -> int | None:
        totp = pyotp.TOTP(secret)
        if len(code) != totp.digits or not code.isascii() or not code.isdigit():
            return None
        current = totp.timecode(now)
        for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
            if hmac.compare_digest(totp.generate_otp(step), code):
                return step
        return None
