from __future__ import annotations

import uuid
from dataclasses import dataclass

from authgate.application.account.mails import AccountMails
from authgate.application.account.one_time_tokens import issue_token
from authgate.domain.models import TokenPurpose
from authgate.domain.ports import Clock, Mailer, UnitOfWorkFactory


@dataclass(frozen=True)
class ResendVerification:
    user_id: uuid.UUID


class ResendVerificationHandler:
    """Mails a fresh verification link; an address that is verified already gets none."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, mailer: Mailer, mails: AccountMails
    ) -> None:
        self._uow, self._clock, self._mailer, self._mails = uow, clock, mailer, mails

    async def __call__(self, cmd: ResendVerification) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(cmd.user_id)
            if user is None or user.email_verified:
                return
            token = await issue_token(uow, user, TokenPurpose.EMAIL_VERIFICATION, self._clock.now())
            await uow.commit()
        await self._mailer.send(self._mails.verification(user, token))
