"""Value rules: how emails and passwords are normalised and judged."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Container

import idna

from authgate.domain.errors import PasswordTooWeak

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128


# C0/C1 controls (NUL, CR, LF, ...), lone surrogates, and the Unicode line separators:
# never part of a name, address, token or code, and trouble for logs and databases.
# These are the whole of the categories Cc, Cs, Zl and Zp, which Unicode keeps fixed.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def has_control_characters(text: str) -> bool:
    return FORBIDDEN_CHARACTERS.search(text) is not None


def normalise_email(email: str) -> str:
    """One spelling per address: trimmed, NFKC, lower-cased, the domain in its ASCII
    (IDNA) form, so `ａｄａ@Bücher.example` and `ada@xn--bcher-kva.example` are one account."""
    email = unicodedata.normalize("NFKC", email.strip()).lower()
    local, at, domain = email.rpartition("@")
    if not at:
        return email
    # An invalid domain is kept as typed: it matches no account, and signup refuses it.
    with contextlib.suppress(idna.IDNAError):
        domain = idna.encode(domain, uts46=True).decode("ascii")
    return f"{local}@{domain}"


def normalise_password(password: str) -> str:
    """NFKC, as NIST SP 800-63B asks, so the same password typed on any keyboard matches."""
    return unicodedata.normalize("NFKC", password)


def password_length_problem(password: str) -> str | None:
    length = len(normalise_password(password))
    if length < MIN_PASSWORD_LENGTH:
        return f"Password must have at least {MIN_PASSWORD_LENGTH} characters"
    if length > MAX_PASSWORD_LENGTH:
        return f"Password must have at most {MAX_PASSWORD_LENGTH} characters"
    return None


def ensure_password_strength(
    password: str, email: str, common: Container[str], field: str = "password"
) -> None:
    """Refuse common passwords and the email's own local part (NIST SP 800-63B 3.1.1.2)."""
    candidate = normalise_password(password).casefold()
    local_part = normalise_email(email).partition("@")[0]
    if candidate in common or (local_part and candidate == local_part.casefold()):
        raise PasswordTooWeak(field)
