"""Sign-in with a password: the first factor, and for some accounts the only one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import NoReturn

from authgate.application.audit import Audit
from authgate.application.auth.sign_in import SecondFactorRequired, SignIn, SignInOutcome
from authgate.application.mfa.challenges import MfaChallenges
from authgate.application.throttle import Throttle
from authgate.domain.errors import InvalidCredentials
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo, User
from authgate.domain.ports import Clock, PasswordHasher, RateReservation, UnitOfWorkFactory
from authgate.domain.values import normalise_email, normalise_password

PASSWORD = "password"


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    client: ClientInfo


class LoginHandler:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        sign_in: SignIn,
        mfa_challenges: MfaChallenges,
        audit: Audit,
        clock: Clock,
        throttle: Throttle,
    ) -> None:
        self._uow, self._hasher, self._sign_in = uow, hasher, sign_in
        self._challenges, self._audit, self._clock, self._throttle = (
            mfa_challenges,
            audit,
            clock,
            throttle,
        )

    async def __call__(self, cmd: Login) -> SignInOutcome:
        """Unknown email and wrong password fail alike; only the right password learns
        whether a second factor follows."""
        email, password = normalise_email(cmd.email), normalise_password(cmd.password)
        # Keyed on the submitted email whether or not it exists: the same 429 for both.
        reservation = await self._throttle.reserve("login_account", email, cmd.client)
        async with self._throttle.refund_unless(InvalidCredentials, reservation):
            user = await self._verified_user(email, password, cmd.client, reservation)
        # Hashing runs between the two transactions, so no lock or connection waits on it.
        new_hash = None
        if self._hasher.needs_rehash(user.password_hash or ""):
            new_hash = await self._hasher.hash(password)
        async with self._uow() as uow:
            stored = await uow.users.get(user.id)
            if stored is None or stored.password_hash != user.password_hash:
                raise InvalidCredentials()  # deleted, or the password changed meanwhile
            if new_hash:
                stored.set_password_hash(new_hash)
            stored.ensure_can_sign_in()
            outcome: SignInOutcome
            if methods := await self._challenges.methods_for(uow, stored):
                outcome = SecondFactorRequired(self._challenges.issue(uow, stored), methods)
            else:
                outcome = await self._sign_in.start_session(uow, stored, [PASSWORD], cmd.client)
            await uow.commit()
        return outcome

    async def _verified_user(
        self, email: str, password: str, client: ClientInfo, reservation: RateReservation
    ) -> User:
        async with self._uow(read_only=True) as uow:
            user = await uow.users.get_by_email(email)
        if user is None or user.password_hash is None:
            await self._hasher.verify_dummy(password)  # same work, same timing
            await self._fail(reservation, user.id if user else None, client)
        if not await self._hasher.verify(password, user.password_hash):
            await self._fail(reservation, user.id, client)
        return user

    async def _fail(
        self, reservation: RateReservation, user_id: uuid.UUID | None, client: ClientInfo
    ) -> NoReturn:
        async with self._uow() as uow:
            self._audit.record(uow, Event.LOGIN_FAILED, self._clock.now(), user_id, client)
            self._throttle.failed(uow, reservation, user_id, client)
            await uow.commit()  # for an unknown email too: the same round trips either way
        raise InvalidCredentials()
