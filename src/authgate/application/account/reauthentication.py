"""Proving it is still the owner before a sensitive change: the password when the
account has one, else a sign-in at most ten minutes old."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from authgate.application.throttle import Throttle
from authgate.domain.errors import InvalidCurrentPassword, ReauthenticationRequired
from authgate.domain.models import ClientInfo, User
from authgate.domain.ports import Clock, PasswordHasher, UnitOfWorkFactory
from authgate.domain.values import normalise_password

RECENT_SIGN_IN = timedelta(minutes=10)


@dataclass(frozen=True)
class Reauthentication:
    uow: UnitOfWorkFactory
    hasher: PasswordHasher
    throttle: Throttle
    clock: Clock


@dataclass(frozen=True)
class Proof:
    """What the caller offers: a password, and when its session signed in."""

    user_id: uuid.UUID
    password: str | None
    authenticated_at: datetime | None
    client: ClientInfo


async def reauthenticate(deps: Reauthentication, proof: Proof) -> User:
    """The user, once it is proven to be them. An account without a password has
    nothing to type, so a recent sign-in (passkey, provider) stands in for it."""
    async with deps.uow(read_only=True) as read:
        user = await read.users.get(proof.user_id)
    if user is None:
        raise InvalidCurrentPassword()
    if user.password_hash is not None:
        return await _confirm_password(deps, user, user.password_hash, proof)
    signed_in = proof.authenticated_at
    if signed_in is None or deps.clock.now() - signed_in > RECENT_SIGN_IN:
        raise ReauthenticationRequired()
    return user


async def _confirm_password(
    deps: Reauthentication, user: User, password_hash: str, proof: Proof
) -> User:
    """A wrong password counts as a failed sign-in (reserved before the check, like at
    login), so a stolen session cannot guess the password here faster than at login,
    even with guesses sent at once. The slow hash runs outside any transaction, so no
    database lock waits on it; see `ensure_unchanged`."""
    if proof.password is None:
        raise InvalidCurrentPassword()
    reservation = await deps.throttle.reserve("login_account", user.email, proof.client)
    async with deps.throttle.refund_unless(InvalidCurrentPassword, reservation):
        if not await deps.hasher.verify(normalise_password(proof.password), password_hash):
            async with deps.uow() as uow:
                deps.throttle.failed(uow, reservation, user.id, proof.client)
                await uow.commit()
            raise InvalidCurrentPassword()
    return user


def ensure_unchanged(stored: User | None, confirmed: User) -> User:
    """The stored row, unless the password changed since it was confirmed."""
    if stored is None or stored.password_hash != confirmed.password_hash:
        raise InvalidCurrentPassword()
    return stored
