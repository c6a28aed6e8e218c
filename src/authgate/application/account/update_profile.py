from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import Enum

from authgate.domain.errors import InvalidToken
from authgate.domain.models import User
from authgate.domain.ports import Clock, UnitOfWorkFactory


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
    """Every process answers the new values at once, also for tokens issued before."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, cmd: UpdateProfile) -> User:
        async with self._uow() as uow:
            user = await uow.users.get(cmd.user_id)
            if user is None:  # deleted while the request was on its way
                raise InvalidToken()
            changes: dict[str, str | None] = {}
            if not isinstance(cmd.name, Keep):
                changes["name"] = cmd.name.strip()
            if not isinstance(cmd.avatar_url, Keep):
                changes["avatar_url"] = cmd.avatar_url
            user.update_profile(self._clock.now(), **changes)
            await uow.commit()
        return user
