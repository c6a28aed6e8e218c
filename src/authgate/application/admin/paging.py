"""Keyset paging: a cursor names the last item seen (its time and id), so a page costs
an index range however deep it is, and nothing is skipped or repeated while rows come
and go."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from authgate.domain.errors import InvalidCursor


class Keyed(Protocol):
    @property
    def id(self) -> uuid.UUID: ...

    @property
    def created_at(self) -> datetime: ...


T = TypeVar("T", bound=Keyed)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    next_cursor: str | None


def decode_cursor(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created, _, ident = raw.partition("|")
        return datetime.fromisoformat(created), uuid.UUID(ident)
    except (ValueError, UnicodeDecodeError):
        raise InvalidCursor() from None


def page_of(rows: Sequence[T], limit: int) -> Page[T]:
    """`rows` holds up to limit + 1 items: one more says there is a next page."""
    items = rows[:limit]
    if len(rows) <= limit:
        return Page(items, None)
    last = items[-1]
    raw = f"{last.created_at.isoformat()}|{last.id}".encode()
    return Page(items, base64.urlsafe_b64encode(raw).rstrip(b"=").decode())
