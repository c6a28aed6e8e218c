"""Asking for the password again before a sensitive change."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from authgate.application.throttle import Throttle
from authgate.domain.errors import InvalidCurrentPassword
from authgate.domain.models import ClientInfo, User
from authgate.domain.ports import PasswordHasher, UnitOfWorkFactory
from authgate.domain.values import normalise_password


@dataclass(frozen=True)
class Reauthentication:
    uow: UnitOfWorkFactory
    hasher: PasswordHasher
    throttle: Throttle


async def confirm_password(
    deps: Reauthentication, user_id: uuid.UUID, password: str, client: ClientInfo
) -> User:
    """The user, once the password is confirmed. A wrong password counts as a failed
    sign-in (reserved before the check, like at login), so a stolen session cannot guess
    the password here faster than at login, even with guesses sent at once.
    The slow hash runs outside any transaction, so no database lock waits on it; see
    `ensure_unchanged`."""
    async with deps.uow(read_only=True) as read:
        user = await read.users.get(user_id)
    if user is None:
        raise InvalidCurrentPassword()
    reservation = await deps.throttle.reserve("login_account", user.email, client)
    async with deps.throttle.refund_unless(InvalidCurrentPassword, reservation):
        if not await deps.hasher.verify(normalise_password(password), user.password_hash):
            async with deps.uow() as uow:
                deps.throttle.failed(uow, reservation, user.id, client)
                await uow.commit()
            raise InvalidCurrentPassword()
    return user


def ensure_unchanged(stored: User | None, confirmed: User) -> User:
    """The stored row, unless the password changed since it was confirmed."""
    if stored is None or stored.password_hash != confirmed.password_hash:
        raise InvalidCurrentPassword()
    return stored
