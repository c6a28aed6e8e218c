"""The password policy of NIST SP 800-63B: length and a blocklist, no composition rules."""

from __future__ import annotations

from importlib import resources

from authgate.domain.values import MIN_PASSWORD_LENGTH, ensure_password_strength


def load_common_passwords() -> frozenset[str]:
    text = resources.files("authgate").joinpath("data/common-passwords.txt").read_text("utf-8")
    words = (line.strip().casefold() for line in text.splitlines())
    # shorter ones are refused by the length rule already
    return frozenset(w for w in words if len(w) >= MIN_PASSWORD_LENGTH)


class PasswordRules:
    def __init__(self, common: frozenset[str]) -> None:
        self._common = common

    def check(self, password: str, email: str, field: str = "password") -> None:
        ensure_password_strength(password, email, self._common, field)
