from __future__ import annotations

from dataclasses import dataclass

from authgate.application.account.mails import AccountMails
from authgate.application.account.one_time_tokens import issue_token
from authgate.application.audit import Audit
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo, TokenPurpose
from authgate.domain.ports import BackgroundWork, Clock, Mailer, UnitOfWorkFactory
from authgate.domain.values import normalise_email


@dataclass(frozen=True)
class ForgotPassword:
    email: str
    client: ClientInfo


class ForgotPasswordHandler:
    """Mails a reset link when the account exists, and says nothing either way. The
    lookup, the token and the mail all happen after the answer has gone, so its timing
    cannot tell a real account from an unknown address."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        audit: Audit,
        clock: Clock,
        mailer: Mailer,
        mails: AccountMails,
        background: BackgroundWork,
    ) -> None:
        self._uow, self._audit, self._clock = uow, audit, clock
        self._mailer, self._mails, self._background = mailer, mails, background

    async def __call__(self, cmd: ForgotPassword) -> None:
        self._background.spawn(self._mail_link(cmd), "forgot-password")

    async def _mail_link(self, cmd: ForgotPassword) -> None:
        async with self._uow() as uow:
            now = self._clock.now()
            user = await uow.users.get_by_email(normalise_email(cmd.email))
            user_id = user.id if user is not None else None
            self._audit.record(uow, Event.PASSWORD_RESET_REQUESTED, now, user_id, cmd.client)
            if user is None:
                return
            token = await issue_token(uow, user, TokenPurpose.PASSWORD_RESET, now)
            await uow.commit()
        await self._mailer.send(self._mails.password_reset(user, token))
