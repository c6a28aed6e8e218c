"""Deleting what can no longer be used, so the tables do not grow for ever."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from authgate.domain.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True)
class Purge:
    """Sessions that ended or expired, with their refresh tokens, one-time links and
    MFA tokens that expired, and revocation records, more than `keep` ago. Until then an ended
    session's rotated tokens still reveal a replay (and mail the owner) instead of
    being merely unknown. Revocation records matter only while an access token lives."""

    keep: timedelta = timedelta(days=30)


@dataclass(frozen=True)
class Purged:
    sessions: int
    one_time_tokens: int
    revocations: int


class PurgeHandler:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, cmd: Purge) -> Purged:
        cutoff = self._clock.now() - cmd.keep
        async with self._uow() as uow:
            sessions = await uow.sessions.delete_finished_before(cutoff)
            links = await uow.one_time_tokens.delete_expired_before(cutoff)
            links += await uow.mfa_challenges.delete_expired_before(cutoff)
            links += await uow.webauthn_challenges.delete_expired_before(cutoff)
            links += await uow.oidc_flows.delete_expired_before(cutoff)
            revocations = await uow.revocations.delete_recorded_before(cutoff)
            await uow.commit()
        return Purged(sessions=sessions, one_time_tokens=links, revocations=revocations)
