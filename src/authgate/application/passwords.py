"""The password policy of NIST SP 800-63B: length and a blocklist, no composition rules."""

from __future__ import annotations

import re
from collections.abc import Container
from importlib import resources

from authgate.domain.values import MIN_PASSWORD_LENGTH, ensure_password_strength

SHORT_LINE = re.compile(rf"(?m)^.{{0,{MIN_PASSWORD_LENGTH - 1}}}\n")


class CommonPasswords:
    """The blocklist as one string, a word per line. A set of its 11,611 words held
    3.5 MB in every worker; this holds 0.1 MB, and a check is one substring search
    (some 30 microseconds, beside the password hash that follows it)."""

    def __init__(self, lines: str) -> None:
        self._framed = "\n" + lines.strip("\n") + "\n"

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and "\n" not in word and f"\n{word}\n" in self._framed


def load_common_passwords() -> CommonPasswords:
    path = resources.files("authgate").joinpath("data/common-passwords.txt")
    text = path.read_text("utf-8").casefold().rstrip("\n") + "\n"
    # Words shorter than the length rule are refused by it already. One pass over the
    # text, without an object per word: what Python frees stays in the process.
    return CommonPasswords(SHORT_LINE.sub("", text))


class PasswordRules:
    def __init__(self, common: Container[str]) -> None:
        self._common = common

    def check(self, password: str, email: str, field: str = "password") -> None:
        ensure_password_strength(password, email, self._common, field)
