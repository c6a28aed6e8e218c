from __future__ import annotations

from dataclasses import dataclass

from authgate.application.account.mails import AccountMails
from authgate.application.account.one_time_tokens import find_usable
from authgate.application.audit import Audit
from authgate.application.passwords import PasswordRules
from authgate.application.throttle import Throttle
from authgate.domain.errors import InvalidResetToken
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo, TokenPurpose, User
from authgate.domain.ports import Clock, Mailer, PasswordHasher, UnitOfWorkFactory
from authgate.domain.values import normalise_password

RESET = TokenPurpose.PASSWORD_RESET


@dataclass(frozen=True)
class ResetPassword:
    token: str
    new_password: str
    client: ClientInfo


class ResetPasswordHandler:
    """Sets a new password with a mailed reset link and ends every session of the user.

    The link reached the account's mailbox, so using it also marks the address as
    verified. A weak new password is refused before the token is spent, so the person
    can try again with the same link. No session is started: they sign in afterwards.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        rules: PasswordRules,
        audit: Audit,
        clock: Clock,
        mailer: Mailer,
        mails: AccountMails,
        throttle: Throttle,
    ) -> None:
        self._uow, self._hasher, self._rules = uow, hasher, rules
        self._audit, self._clock = audit, clock
        self._mailer, self._mails, self._throttle = mailer, mails, throttle

    async def __call__(self, cmd: ResetPassword) -> None:
        owner = await self._owner_of(cmd.token)
        self._rules.check(cmd.new_password, owner.email, field="new_password")
        # Hashed outside the transaction below, so no lock waits on bcrypt.
        new_hash = await self._hasher.hash(normalise_password(cmd.new_password))
        async with self._uow() as uow:
            now = self._clock.now()
            found = await find_usable(uow, cmd.token, RESET, now)
            if found is None:  # spent by a racing request meanwhile
                raise InvalidResetToken()
            token, user = found
            token.use(now)
            user.set_password_hash(new_hash)
            user.verify_email(now)  # the link reached the mailbox
            for session in await uow.sessions.list_active(user.id, now):
                session.end(now)
            self._audit.record(uow, Event.PASSWORD_RESET, now, user.id, cmd.client)
            await uow.commit()
        await self._throttle.forgive_account(user.email)
        await self._mailer.send(self._mails.password_changed(user))

    async def _owner_of(self, token: str) -> User:
        async with self._uow(read_only=True) as uow:
            found = await find_usable(uow, token, RESET, self._clock.now())
        if found is None:
            raise InvalidResetToken()
        return found[1]
