"""The deployment's signing keys: made on first start, rotated on demand, and loaded
into this process's key ring, which is refreshed every few seconds so that a rotation
made by any process (or `authgate keys rotate`) is picked up without a restart."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta

from authgate.domain.ports import Clock, SecretBox, UnitOfWorkFactory
from authgate.domain.signing_keys import KeyState, SigningKey
from authgate.infrastructure.signing_keys import KeyRing, generate_key

logger = logging.getLogger("authgate.keys")

REFRESH_SECONDS = 5.0  # a rotation reaches every process within ten seconds
ROTATION_NOTICE = timedelta(minutes=10)
ASKED_REFRESH_SECONDS = 1.0  # a new key is published this long before it signs


class KeyStore:
    def __init__(self, uow: UnitOfWorkFactory, ring: KeyRing, box: SecretBox, clock: Clock) -> None:
        self._uow, self._ring, self._box, self._clock = uow, ring, box, clock
        self._loaded = False
        self._lock = asyncio.Lock()
        self._refresher: asyncio.Task[None] | None = None
        self._asked_at = float("-inf")

    async def ready(self) -> None:
        """The first call makes the first key if there is none (or the algorithm was
        changed), loads the ring and starts refreshing it; later calls return at once."""
        if self._loaded:
            return
        async with self._lock:
            if self._loaded:
                return
            if self._ring.asymmetric:
                await self._ensure_current()
            await self.refresh()
            self._loaded = True
            self._refresher = asyncio.create_task(self._refresh_forever())

    async def refresh(self) -> None:
        async with self._uow(read_only=True) as uow:
            self._ring.load(await uow.signing_keys.list_all())

    async def refresh_soon(self) -> None:
        """A refresh asked for by a token with an unknown kid: at most one a second,
        so made-up kids cannot drive queries."""
        if time.monotonic() - self._asked_at < ASKED_REFRESH_SECONDS:
            return
        self._asked_at = time.monotonic()
        await self.refresh()

    async def rotate(self, now: bool = False) -> SigningKey:
        """Adds the next key: signing in ten minutes, or at once with `now`."""
        created = self._clock.now()
        signs_from = created if now else created + ROTATION_NOTICE
        key = generate_key(self._ring.algorithm, self._box, created, signs_from)
        async with self._uow() as uow:
            uow.signing_keys.add(key)
            await uow.commit()
        await self.refresh()
        return key

    async def listed(self) -> list[tuple[SigningKey, KeyState]]:
        await self.refresh()
        async with self._uow(read_only=True) as uow:
            keys = await uow.signing_keys.list_all()
        states = self._ring.states()
        return [(k, states.get(k.kid, KeyState.RETIRED)) for k in keys]

    async def close(self) -> None:
        if self._refresher is not None:
            self._refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refresher

    async def _ensure_current(self) -> None:
        """A first key, or a new one when the current key is of another algorithm than
        the configured one (the setting changed); old keys keep verifying their tokens
        until those expire."""
        await self.refresh()
        if not self._ring.can_sign_with_current():
            await self.rotate(now=True)

    async def _refresh_forever(self) -> None:
        while True:
            await asyncio.sleep(REFRESH_SECONDS)
            try:
                await self.refresh()
            except Exception as exc:  # the database is away: keep the keys we have
                logger.warning("signing keys not refreshed: %s", type(exc).__name__)
