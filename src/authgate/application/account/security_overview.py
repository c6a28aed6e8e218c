"""How a person can sign in: what `GET /api/users/me/security` answers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from authgate.domain.errors import InvalidToken
from authgate.domain.ports import UnitOfWorkFactory


@dataclass(frozen=True)
class SecurityOverview:
    has_password: bool
    totp_enabled: bool
    recovery_codes_left: int
    passkeys: int
    identities: list[str]


class SecurityOverviewHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, user_id: uuid.UUID) -> SecurityOverview:
        async with self._uow(read_only=True) as uow:
            user = await uow.users.get(user_id)
            if user is None:
                raise InvalidToken()  # deleted since the token was issued
            credential = await uow.totp.get(user_id)
            enabled = credential is not None and credential.enabled
            left = await uow.recovery_codes.count_unused(user_id) if enabled else 0
            passkeys = len(await uow.passkeys.list_for_user(user_id))
            providers = [i.provider for i in await uow.identities.list_for_user(user_id)]
        return SecurityOverview(user.has_password, enabled, left, passkeys, providers)
