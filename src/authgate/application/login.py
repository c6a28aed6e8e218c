from __future__ import annotations

from dataclasses import dataclass

from authgate.application.audit import Audit
from authgate.application.session_tokens import TokenIssuer
from authgate.domain.errors import InvalidCredentials
from authgate.domain.models import ClientInfo, IssuedTokens, User
from authgate.domain.ports import Clock, PasswordHasher, UnitOfWorkFactory
from authgate.domain.values import normalise_email, normalise_password


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    client: ClientInfo


@dataclass(frozen=True)
class LoginResult:
    user: User
    tokens: IssuedTokens


class LoginHandler:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        issuer: TokenIssuer,
        audit: Audit,
        clock: Clock,
    ) -> None:
        self._uow, self._hasher, self._issuer = uow, hasher, issuer
        self._audit, self._clock = audit, clock

    async def __call__(self, cmd: Login) -> LoginResult:
        password = normalise_password(cmd.password)
        async with self._uow() as uow:
            user = await uow.users.get_by_email(normalise_email(cmd.email))
            if user is None:
                await self._hasher.verify_dummy(password)  # same work, same timing
                self._audit.record(uow, "login_failed", self._clock.now(), None, cmd.client)
                raise InvalidCredentials()
            if not await self._hasher.verify(password, user.password_hash):
                self._audit.record(uow, "login_failed", self._clock.now(), user.id, cmd.client)
                await uow.commit()
                raise InvalidCredentials()
            if self._hasher.needs_rehash(user.password_hash):
                user.password_hash = await self._hasher.hash(password)
            now = self._clock.now()
            session = self._issuer.start_session(uow, user, cmd.client, now)
            tokens = self._issuer.issue(uow, user, session, now)
            self._audit.record(uow, "login_succeeded", now, user.id, cmd.client)
            await uow.commit()
        return LoginResult(user, tokens)
