"""The composition root: every adapter is built here, once, from Settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from authgate.application.account.change_password import ChangePasswordHandler
from authgate.application.account.delete_account import DeleteAccountHandler
from authgate.application.account.forgot_password import ForgotPasswordHandler
from authgate.application.account.mails import AccountMails
from authgate.application.account.reauthentication import Reauthentication
from authgate.application.account.resend_verification import ResendVerificationHandler
from authgate.application.account.reset_password import ResetPasswordHandler
from authgate.application.account.update_profile import UpdateProfileHandler
from authgate.application.account.verify_email import VerifyEmailHandler
from authgate.application.audit import Audit
from authgate.application.login import LoginHandler
from authgate.application.logout import LogoutAllHandler, LogoutHandler
from authgate.application.passwords import PasswordRules, load_common_passwords
from authgate.application.purge import PurgeHandler
from authgate.application.refresh import RefreshHandler
from authgate.application.security_events import ListSecurityEventsHandler
from authgate.application.session_tokens import TokenIssuer
from authgate.application.sessions import (
    AuthenticateHandler,
    EndSessionHandler,
    ListSessionsHandler,
)
from authgate.application.signup import SignupHandler
from authgate.application.throttle import Throttle
from authgate.config import Settings
from authgate.domain.ports import (
    Clock,
    Mailer,
    PasswordHasher,
    RateLimiter,
    UnitOfWorkFactory,
)
from authgate.infrastructure.background import BackgroundTasks
from authgate.infrastructure.clock import SystemClock
from authgate.infrastructure.db.engine import create_engine, session_factory
from authgate.infrastructure.db.tables import start_mappers
from authgate.infrastructure.db.unit_of_work import SqlUnitOfWorkFactory
from authgate.infrastructure.db.writer_gate import WriterGate
from authgate.infrastructure.hashing_pool import HashingPool
from authgate.infrastructure.jwt_tokens import JwtAccessTokens
from authgate.infrastructure.key_derivation import (
    REFRESH_SUCCESSOR,
    REVOCATION_CHANNEL,
    derive_key,
)
from authgate.infrastructure.mail.log_mailer import LogMailer
from authgate.infrastructure.mail.outbox import Outbox
from authgate.infrastructure.passwords import BcryptHasher
from authgate.infrastructure.rate_limit import build_rate_limiter
from authgate.infrastructure.revocation.database_feed import DatabaseFeed
from authgate.infrastructure.revocation.service import Feed, Publisher, RevocationService
from authgate.infrastructure.revocation.view import RevocationView
from authgate.infrastructure.security_log import LoggingSecurityLog

MAIL_DRAIN_SECONDS = 20


@dataclass
class AccountHandlers:
    update_profile: UpdateProfileHandler
    change_password: ChangePasswordHandler
    delete_account: DeleteAccountHandler
    forgot_password: ForgotPasswordHandler
    reset_password: ResetPasswordHandler
    verify_email: VerifyEmailHandler
    resend_verification: ResendVerificationHandler


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
    purge: PurgeHandler
    throttle: Throttle
    rate_limiter: RateLimiter
    list_security_events: ListSecurityEventsHandler
    account: AccountHandlers
    outbox: Outbox
    revocations: RevocationService
    hashing_pool: HashingPool | None = None

    async def start(self) -> None:
        await self.revocations.start()

    async def close(self) -> None:
        await self.revocations.close()
        await self.outbox.drain(MAIL_DRAIN_SECONDS)
        await self.rate_limiter.close()
        if self.engine is not None:
            await self.engine.dispose()
        if self.hashing_pool is not None:
            self.hashing_pool.close()


def build_container(
    settings: Settings,
    *,
    uow: UnitOfWorkFactory | None = None,
    hasher: PasswordHasher | None = None,
    clock: Clock | None = None,
    rate_limiter: RateLimiter | None = None,
    mailer: Mailer | None = None,
) -> Container:
    """Build the service; tests may pass fakes for the unit of work, hasher, clock,
    rate limiter and mailer (which, like the real one, sends through the outbox)."""
    engine = None
    if uow is None:
        start_mappers()
        engine = create_engine(settings.effective_database_url)
        uow = SqlUnitOfWorkFactory(
            session_factory(engine),
            session_factory(engine, read_only=True),
            WriterGate() if engine.dialect.name == "sqlite" else None,
        )
    limiter = rate_limiter or build_rate_limiter(settings.rate_limits, settings.redis_url)
    hashing_pool = None if hasher else HashingPool()
    hasher = hasher or BcryptHasher(settings.bcrypt_rounds, hashing_pool)
    mailer = mailer or _mailer(settings)
    revocations = _revocations(settings, engine)
    uow.on_commit(revocations.publish)
    return _wire(settings, engine, uow, hasher, clock, limiter, mailer, revocations, hashing_pool)


def _revocations(settings: Settings, engine: AsyncEngine | None) -> RevocationService:
    """Kept for as long as an access token lives; fed by the database and, when
    configured, by Redis. Fakes in one process need no feed."""
    horizon = settings.policy.access_ttl + timedelta(seconds=settings.jwt_leeway_seconds + 60)
    view = RevocationView(horizon)
    feeds: list[Feed] = [DatabaseFeed(engine, view, horizon)] if engine else []
    publishers: list[Publisher] = []
    if settings.redis_url and engine:
        # Imported only when configured: redis-py adds a third of a second to every start.
        from authgate.infrastructure.revocation.redis_feed import RedisFeed

        # One deployment's channel: the processes that share its master secret.
        tag = derive_key(settings.signing_secret(), REVOCATION_CHANNEL).hex()[:16]
        redis_feed = RedisFeed(settings.redis_url, view, f"authgate:revocations:{tag}")
        feeds.append(redis_feed)
        publishers.append(redis_feed)
    return RevocationService(view, feeds, publishers)


def _mailer(settings: Settings) -> Mailer:
    if settings.smtp_url:
        from authgate.infrastructure.mail.smtp import SmtpMailer  # only when configured

        return SmtpMailer(settings.smtp_url, settings.mail_from)
    return LogMailer()


def _wire(
    settings: Settings,
    engine: AsyncEngine | None,
    uow: UnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock | None,
    limiter: RateLimiter,
    mailer: Mailer,
    revocations: RevocationService,
    hashing_pool: HashingPool | None,
) -> Container:
    clock = clock or SystemClock()
    policy = settings.policy
    master = settings.signing_secret()
    access = JwtAccessTokens(
        master,
        policy.access_ttl,
        settings.jwt_issuer,
        settings.jwt_audience,
        clock,
        settings.jwt_leeway_seconds,
    )
    issuer = TokenIssuer(access, policy, derive_key(master, REFRESH_SUCCESSOR))
    audit = Audit(LoggingSecurityLog())
    rules = PasswordRules(load_common_passwords())
    throttle = Throttle(limiter, uow, audit, clock)
    background = BackgroundTasks()
    outbox, mails = Outbox(mailer, background), AccountMails(settings.public_url)
    reauth = Reauthentication(uow, hasher, throttle)
    return Container(
        settings=settings,
        engine=engine,
        uow=uow,
        signup=SignupHandler(uow, hasher, rules, clock, outbox, mails),
        login=LoginHandler(uow, hasher, issuer, audit, clock, throttle),
        refresh=RefreshHandler(uow, issuer, audit, clock, outbox, mails),
        logout=LogoutHandler(uow, audit, clock),
        logout_all=LogoutAllHandler(uow, audit, clock),
        authenticate=AuthenticateHandler(access, revocations),
        list_sessions=ListSessionsHandler(uow, policy, clock),
        end_session=EndSessionHandler(uow, audit, clock),
        purge=PurgeHandler(uow, clock),
        throttle=throttle,
        rate_limiter=limiter,
        list_security_events=ListSecurityEventsHandler(uow),
        account=AccountHandlers(
            update_profile=UpdateProfileHandler(uow, clock),
            change_password=ChangePasswordHandler(
                uow, hasher, rules, audit, clock, outbox, mails, reauth
            ),
            delete_account=DeleteAccountHandler(uow, reauth, audit, clock),
            forgot_password=ForgotPasswordHandler(uow, audit, clock, outbox, mails, background),
            reset_password=ResetPasswordHandler(
                uow, hasher, rules, audit, clock, outbox, mails, throttle
            ),
            verify_email=VerifyEmailHandler(uow, audit, clock),
            resend_verification=ResendVerificationHandler(uow, clock, outbox, mails),
        ),
        outbox=outbox,
        revocations=revocations,
        hashing_pool=hashing_pool,
    )
