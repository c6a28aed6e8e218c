from __future__ import annotations

from dataclasses import dataclass

from authgate.application.account.one_time_tokens import find_usable
from authgate.application.audit import Audit
from authgate.domain.errors import InvalidVerificationToken
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo, TokenPurpose, User
from authgate.domain.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True)
class VerifyEmail:
    token: str
    client: ClientInfo


class VerifyEmailHandler:
    def __init__(self, uow: UnitOfWorkFactory, audit: Audit, clock: Clock) -> None:
        self._uow, self._audit, self._clock = uow, audit, clock

    async def __call__(self, cmd: VerifyEmail) -> User:
        async with self._uow() as uow:
            now = self._clock.now()
            found = await find_usable(uow, cmd.token, TokenPurpose.EMAIL_VERIFICATION, now)
            if found is None:
                raise InvalidVerificationToken()
            token, user = found
            token.use(now)
            user.verify_email(now)
            self._audit.record(uow, Event.EMAIL_VERIFIED, now, user.id, cmd.client)
            await uow.commit()
        return user
