"""Throttling: applies the rate limits and records who was throttled."""

from __future__ import annotations

import uuid

from authgate.application.audit import Audit
from authgate.domain.errors import RateLimited
from authgate.domain.models import ClientInfo
from authgate.domain.ports import Clock, RateLimiter, RateRule, UnitOfWork, UnitOfWorkFactory


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

    async def ensure_open(self, rule: RateRule, key: str, client: ClientInfo) -> None:
        """RateLimited when the budget is spent; counts nothing (failures are counted
        afterwards with `failed`, so successes never lock anyone out)."""
        if not await self._limiter.test(rule, key):
            await self._refuse(rule, key, client, None)

    async def failed(
        self,
        uow: UnitOfWork,
        rule: RateRule,
        key: str,
        user_id: uuid.UUID | None,
        client: ClientInfo,
    ) -> None:
        """Count a failure. The one that spends the budget is recorded for the account,
        once per lockout rather than once per refused request."""
        await self._limiter.hit(rule, key)
        if not await self._limiter.test(rule, key):
            self._audit.record(uow, "login_throttled", self._clock.now(), user_id, client)

    async def forgive_account(self, email: str) -> None:
        """Someone proved control of the mailbox (a password reset): the failed sign-ins
        that others spent on this account no longer lock its owner out."""
        await self._limiter.clear("login_account", email)

    async def _refuse(
        self, rule: RateRule, key: str, client: ClientInfo, user_id: uuid.UUID | None
    ) -> None:
        retry_after = await self._limiter.retry_after(rule, key)
        async with self._uow() as uow:
            self._audit.record(uow, "rate_limited", self._clock.now(), user_id, client)
            if user_id is not None:
                await uow.commit()
        raise RateLimited(retry_after)
