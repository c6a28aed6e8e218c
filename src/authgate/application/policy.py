from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class SessionPolicy:
    """Lifetimes that govern tokens and sessions (from Settings)."""

    access_ttl: timedelta = timedelta(seconds=900)
    refresh_ttl: timedelta = timedelta(seconds=604800)
    reuse_grace: timedelta = timedelta(seconds=10)
    session_max_age: timedelta = timedelta(seconds=2592000)
