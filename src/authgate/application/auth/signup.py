from __future__ import annotations

import uuid
from dataclasses import dataclass

from authgate.application.account.mails import AccountMails
from authgate.application.account.one_time_tokens import issue_token
from authgate.application.passwords import PasswordRules
from authgate.domain.errors import Conflict, EmailTaken
from authgate.domain.models import TokenPurpose, User
from authgate.domain.ports import Clock, Mailer, PasswordHasher, UnitOfWorkFactory
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
        mailer: Mailer,
        mails: AccountMails,
    ) -> None:
        self._uow, self._hasher, self._rules, self._clock = uow, hasher, rules, clock
        self._mailer, self._mails = mailer, mails

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
                role="admin" if cmd.is_admin else "user",
            )
            uow.users.add(user)
            token = await issue_token(uow, user, TokenPurpose.EMAIL_VERIFICATION, user.created_at)
            try:
                await uow.commit()
            except Conflict:  # a racing signup for the same address won
                raise EmailTaken() from None
        # After the commit: the mailer sends in the background, and a failure to send
        # never undoes the signup (the person can ask for a new link).
        await self._mailer.send(self._mails.verification(user, token))
        return user
