from __future__ import annotations

import uuid
from dataclasses import dataclass

from authgate.application.passwords import PasswordRules
from authgate.domain.errors import Conflict, EmailTaken
from authgate.domain.models import User
from authgate.domain.ports import Clock, PasswordHasher, UnitOfWorkFactory
from authgate.domain.values import normalise_email, normalise_password


@dataclass(frozen=True)
class Signup:
    name: str
    email: str
    password: str
    is_admin: bool = False


class SignupHandler:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        rules: PasswordRules,
        clock: Clock,
    ) -> None:
        self._uow, self._hasher, self._rules, self._clock = uow, hasher, rules, clock

    async def __call__(self, cmd: Signup) -> User:
        email = normalise_email(cmd.email)
        self._rules.check(cmd.password, email)
        password_hash = await self._hasher.hash(normalise_password(cmd.password))
        async with self._uow() as uow:
            if await uow.users.get_by_email(email) is not None:
                raise EmailTaken()
            user = User(
                id=uuid.uuid4(),
                name=cmd.name.strip(),
                email=email,
                password_hash=password_hash,
                created_at=self._clock.now(),
                is_admin=cmd.is_admin,
            )
            uow.users.add(user)
            try:
                await uow.commit()
            except Conflict:  # a racing signup for the same address won
                raise EmailTaken() from None
        return user
