"""Throttling: applies the rate limits and records who was throttled."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import NoReturn

from authgate.application.audit import Audit
from authgate.domain.errors import RateLimited
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo
from authgate.domain.ports import (
    Clock,
    RateLimiter,
    RateReservation,
    RateRule,
    UnitOfWork,
    UnitOfWorkFactory,
)


class Throttle:
    def __init__(
        self, limiter: RateLimiter, uow: UnitOfWorkFactory, audit: Audit, clock: Clock
    ) -> None:
        self._limiter, self._uow, self._audit, self._clock = limiter, uow, audit, clock

    async def attempt(
        self, rule: RateRule, key: str, client: ClientInfo, user_id: uuid.UUID | None = None
    ) -> None:
        """Count one attempt; RateLimited when the budget is spent."""
        if not await self._limiter.hit(rule, key):
            await self._refuse(rule, key, client, user_id)

    async def reserve(self, rule: RateRule, key: str, client: ClientInfo) -> RateReservation:
        """Take a place for an attempt whose outcome is not known yet (RateLimited when
        the budget is spent), so attempts sent at once cannot overshoot the budget.
        Refused requests are only logged: nothing is recorded for the account."""
        reservation = await self._limiter.reserve(rule, key)
        if reservation is None:
            await self._refuse(rule, key, client, None)
        return reservation

    @asynccontextmanager
    async def refund_unless(
        self, failure: type[Exception], reservation: RateReservation
    ) -> AsyncIterator[None]:
        """Gives the reserved place back unless the block raises `failure`: a right
        password never locks its owner out, and neither does an outage."""
        failed = False
        try:
            yield
        except failure:
            failed = True
            raise
        finally:
            if not failed:
                await self._limiter.refund(reservation)

    def failed(
        self,
        uow: UnitOfWork,
        reservation: RateReservation,
        user_id: uuid.UUID | None,
        client: ClientInfo,
    ) -> None:
        """A failure keeps its place. The one that took the last place is recorded for
        the account: once per lockout rather than once per refused request."""
        if reservation.last:
            self._audit.record(uow, Event.LOGIN_THROTTLED, self._clock.now(), user_id, client)

    async def forgive_account(self, email: str) -> None:
        """Someone proved control of the mailbox (a password reset): the failed sign-ins
        that others spent on this account no longer lock its owner out."""
        await self._limiter.clear("login_account", email)

    async def _refuse(
        self, rule: RateRule, key: str, client: ClientInfo, user_id: uuid.UUID | None
    ) -> NoReturn:
        retry_after = await self._limiter.retry_after(rule, key)
        async with self._uow() as uow:
            self._audit.record(uow, Event.RATE_LIMITED, self._clock.now(), user_id, client)
            if user_id is not None:
                await uow.commit()
        raise RateLimited(retry_after)
