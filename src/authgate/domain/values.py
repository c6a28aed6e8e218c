"""Value rules: how emails and passwords are normalised and judged."""

from __future__ import annotations

import unicodedata

from authgate.domain.errors import PasswordTooWeak

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128


def normalise_email(email: str) -> str:
    return email.strip().lower()


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
    password: str, email: str, common: frozenset[str], field: str = "password"
) -> None:
    """Refuse common passwords and the email's own local part (NIST SP 800-63B 3.1.1.2)."""
    candidate = normalise_password(password).casefold()
    local_part = normalise_email(email).partition("@")[0]
    if candidate in common or (local_part and candidate == local_part.casefold()):
        raise PasswordTooWeak(field)
