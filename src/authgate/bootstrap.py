"""The composition root: every adapter is built here, once, from Settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from authgate.application.audit import Audit
from authgate.application.login import LoginHandler
from authgate.application.logout import LogoutAllHandler, LogoutHandler
from authgate.application.passwords import PasswordRules, load_common_passwords
from authgate.application.refresh import RefreshHandler
from authgate.application.session_tokens import TokenIssuer
from authgate.application.sessions import (
    AuthenticateHandler,
    EndSessionHandler,
    ListSessionsHandler,
)
from authgate.application.signup import SignupHandler
from authgate.config import Settings
from authgate.domain.ports import Clock, PasswordHasher, UnitOfWorkFactory
from authgate.infrastructure.clock import SystemClock
from authgate.infrastructure.db.engine import create_engine, session_factory
from authgate.infrastructure.db.tables import start_mappers
from authgate.infrastructure.db.unit_of_work import SqlUnitOfWorkFactory
from authgate.infrastructure.jwt_tokens import JwtAccessTokens
from authgate.infrastructure.passwords import BcryptHasher
from authgate.infrastructure.security_log import LoggingSecurityLog


@dataclass
class Container:
    settings: Settings
    engine: AsyncEngine | None
    uow: UnitOfWorkFactory
    signup: SignupHandler
    login: LoginHandler
    refresh: RefreshHandler
    logout: LogoutHandler
    logout_all: LogoutAllHandler
    authenticate: AuthenticateHandler
    list_sessions: ListSessionsHandler
    end_session: EndSessionHandler

    async def close(self) -> None:
        if self.engine is not None:
            await self.engine.dispose()


def build_container(
    settings: Settings,
    *,
    uow: UnitOfWorkFactory | None = None,
    hasher: PasswordHasher | None = None,
    clock: Clock | None = None,
) -> Container:
    """Build the service; tests may pass fakes for the unit of work, hasher and clock."""
    engine = None
    if uow is None:
        start_mappers()
        engine = create_engine(settings.effective_database_url)
        uow = SqlUnitOfWorkFactory(session_factory(engine))
    return _wire(settings, engine, uow, hasher or BcryptHasher(settings.bcrypt_rounds), clock)


def _wire(
    settings: Settings,
    engine: AsyncEngine | None,
    uow: UnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock | None,
) -> Container:
    clock = clock or SystemClock()
    policy = settings.policy
    access = JwtAccessTokens(
        settings.signing_secret(),
        policy.access_ttl,
        settings.jwt_issuer,
        settings.jwt_audience,
        settings.jwt_leeway_seconds,
    )
    issuer = TokenIssuer(access, policy)
    audit = Audit(LoggingSecurityLog())
    rules = PasswordRules(load_common_passwords())
    return Container(
        settings=settings,
        engine=engine,
        uow=uow,
        signup=SignupHandler(uow, hasher, rules, clock),
        login=LoginHandler(uow, hasher, issuer, audit, clock),
        refresh=RefreshHandler(uow, issuer, policy, audit, clock),
        logout=LogoutHandler(uow, audit, clock),
        logout_all=LogoutAllHandler(uow, audit, clock),
        authenticate=AuthenticateHandler(uow, access, clock),
        list_sessions=ListSessionsHandler(uow, clock),
        end_session=EndSessionHandler(uow, audit, clock),
    )
