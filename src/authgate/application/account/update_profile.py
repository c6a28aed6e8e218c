from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import Enum

from authgate.domain.errors import InvalidToken
from authgate.domain.models import User
from authgate.domain.ports import UnitOfWorkFactory


class Keep(Enum):
    """A field the request left out: it keeps its value (None would clear it)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class UpdateProfile:
    user_id: uuid.UUID
    name: str | Keep = KEEP
    avatar_url: str | Keep | None = KEEP


class UpdateProfileHandler:
    """Access tokens are issued from the user row, so the next one carries the change."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, cmd: UpdateProfile) -> User:
        async with self._uow() as uow:
            user = await uow.users.get(cmd.user_id)
            if user is None:  # deleted while the request was on its way
                raise InvalidToken()
            if not isinstance(cmd.name, Keep):
                user.name = cmd.name.strip()
            if not isinstance(cmd.avatar_url, Keep):
                user.avatar_url = cmd.avatar_url
            await uow.commit()
        return user
