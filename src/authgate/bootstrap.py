"""The composition root: every adapter is built here, once, from Settings.

Handlers are grouped by area and built by keyword: each gets the adapters its
`__init__` parameters name (cosmicpython's bootstrap), and a parameter typed with a
small dataclass of such adapters (`Reauthentication`) gets one built the same way.
Adding a use case takes its handler, its route and one line in its area below.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine

from authgate.application.account.change_password import ChangePasswordHandler
from authgate.application.account.delete_account import DeleteAccountHandler
from authgate.application.account.forgot_password import ForgotPasswordHandler
from authgate.application.account.mails import AccountMails
from authgate.application.account.resend_verification import ResendVerificationHandler
from authgate.application.account.reset_password import ResetPasswordHandler
from authgate.application.account.security_overview import SecurityOverviewHandler
from authgate.application.account.update_profile import UpdateProfileHandler
from authgate.application.account.verify_email import VerifyEmailHandler
from authgate.application.admin.users import (
    DeleteUserHandler,
    DisableUserHandler,
    EnableUserHandler,
    EndUserSessionHandler,
    GetUserHandler,
    ListEventsHandler,
    ListUsersHandler,
    SendPasswordResetHandler,
    SetRoleHandler,
    UpdateUserHandler,
    UserSessionsHandler,
)
from authgate.application.audit import Audit
from authgate.application.auth.login import LoginHandler
from authgate.application.auth.logout import LogoutAllHandler, LogoutHandler
from authgate.application.auth.refresh import RefreshHandler
from authgate.application.auth.session_tokens import TokenIssuer
from authgate.application.auth.sessions import (
    AuthenticateHandler,
    EndSessionHandler,
    ListSessionsHandler,
)
from authgate.application.auth.sign_in import SignIn
from authgate.application.auth.signup import SignupHandler
from authgate.application.mfa.challenges import MfaChallenges
from authgate.application.mfa.login_step import CompleteMfaLoginHandler
from authgate.application.mfa.second_factor import SecondFactor
from authgate.application.mfa.totp_manage import DisableTotpHandler, RegenerateRecoveryCodesHandler
from authgate.application.mfa.totp_setup import ConfirmTotpHandler, StartTotpHandler
from authgate.application.passkeys.ceremonies import Ceremonies
from authgate.application.passkeys.registration import (
    AddPasskeyHandler,
    ListPasskeysHandler,
    RemovePasskeyHandler,
    RenamePasskeyHandler,
    StartPasskeyRegistrationHandler,
)
from authgate.application.passkeys.sign_in import PasskeyLoginHandler, PasskeyLoginOptionsHandler
from authgate.application.passkeys.signup import (
    FinishPasskeySignupHandler,
    StartPasskeySignupHandler,
)
from authgate.application.passwords import PasswordRules, load_common_passwords
from authgate.application.providers.callback import CompleteProviderFlowHandler
from authgate.application.providers.flows import (
    ListProvidersHandler,
    RedirectUris,
    StartProviderFlowHandler,
)
from authgate.application.providers.identities import (
    ListIdentitiesHandler,
    UnlinkIdentityHandler,
)
from authgate.application.purge import PurgeHandler
from authgate.application.security_events import ListSecurityEventsHandler
from authgate.application.throttle import Throttle
from authgate.config import Settings
from authgate.domain.ports import (
    Clock,
    Mailer,
    OidcProvider,
    OneStepRotation,
    PasswordHasher,
    RateLimiter,
    UnitOfWorkFactory,
    WebAuthn,
)
from authgate.infrastructure.background import BackgroundTasks
from authgate.infrastructure.clock import SystemClock
from authgate.infrastructure.db.engine import create_engine, session_factory
from authgate.infrastructure.db.one_step_rotation import PostgresOneStepRotation
from authgate.infrastructure.db.tables import start_mappers
from authgate.infrastructure.db.unit_of_work import SqlUnitOfWorkFactory
from authgate.infrastructure.db.writer_gate import WriterGate
from authgate.infrastructure.deferred import deferred
from authgate.infrastructure.hashing_pool import HashingPool
from authgate.infrastructure.jwt_tokens import JwtAccessTokens
from authgate.infrastructure.key_derivation import (
    RECOVERY_CODES,
    REFRESH_SUCCESSOR,
    REVOCATION_CHANNEL,
    SECRETS_AT_REST,
    derive_key,
)
from authgate.infrastructure.key_store import KeyStore
from authgate.infrastructure.mail.log_mailer import LogMailer
from authgate.infrastructure.mail.outbox import Outbox
from authgate.infrastructure.passwords import BcryptHasher
from authgate.infrastructure.rate_limit import build_rate_limiter
from authgate.infrastructure.revocation.database_feed import DatabaseFeed
from authgate.infrastructure.revocation.service import Feed, Publisher, RevocationService
from authgate.infrastructure.revocation.view import RevocationView
from authgate.infrastructure.secret_box import AesGcmSecretBox
from authgate.infrastructure.security_log import LoggingSecurityLog
from authgate.infrastructure.signing_keys import KeyRing
from authgate.infrastructure.totp import PyotpTotp

MAIL_DRAIN_SECONDS = 20
T = TypeVar("T")


@dataclass
class AuthHandlers:
    signup: SignupHandler
    login: LoginHandler
    complete_mfa_login: CompleteMfaLoginHandler
    refresh: RefreshHandler
    logout: LogoutHandler
    logout_all: LogoutAllHandler
    authenticate: AuthenticateHandler
    list_sessions: ListSessionsHandler
    end_session: EndSessionHandler


@dataclass
class AccountHandlers:
    update_profile: UpdateProfileHandler
    change_password: ChangePasswordHandler
    delete_account: DeleteAccountHandler
    forgot_password: ForgotPasswordHandler
    reset_password: ResetPasswordHandler
    verify_email: VerifyEmailHandler
    resend_verification: ResendVerificationHandler
    security_overview: SecurityOverviewHandler
    list_security_events: ListSecurityEventsHandler


@dataclass
class MfaHandlers:
    start_totp: StartTotpHandler
    confirm_totp: ConfirmTotpHandler
    disable_totp: DisableTotpHandler
    regenerate_recovery_codes: RegenerateRecoveryCodesHandler


@dataclass
class PasskeyHandlers:
    start_registration: StartPasskeyRegistrationHandler
    add: AddPasskeyHandler
    list: ListPasskeysHandler
    rename: RenamePasskeyHandler
    remove: RemovePasskeyHandler
    login_options: PasskeyLoginOptionsHandler
    login: PasskeyLoginHandler
    start_signup: StartPasskeySignupHandler
    finish_signup: FinishPasskeySignupHandler


@dataclass
class ProviderHandlers:
    list_providers: ListProvidersHandler
    start_flow: StartProviderFlowHandler
    complete_flow: CompleteProviderFlowHandler
    list_identities: ListIdentitiesHandler
    unlink_identity: UnlinkIdentityHandler


@dataclass
class AdminHandlers:
    list_users: ListUsersHandler
    get_user: GetUserHandler
    update_user: UpdateUserHandler
    disable_user: DisableUserHandler
    enable_user: EnableUserHandler
    send_password_reset: SendPasswordResetHandler
    delete_user: DeleteUserHandler
    user_sessions: UserSessionsHandler
    end_user_session: EndUserSessionHandler
    list_events: ListEventsHandler
    set_role: SetRoleHandler


@dataclass
class Container:
    settings: Settings
    engine: AsyncEngine | None
    uow: UnitOfWorkFactory
    auth: AuthHandlers
    account: AccountHandlers
    mfa: MfaHandlers
    passkeys: PasskeyHandlers
    providers: ProviderHandlers
    admin: AdminHandlers
    purge: PurgeHandler
    throttle: Throttle
    rate_limiter: RateLimiter
    outbox: Outbox
    revocations: RevocationService
    keys: KeyStore
    key_ring: KeyRing
    hashing_pool: HashingPool | None = None

    async def start(self) -> None:
        await self.keys.ready()
        await self.revocations.start()

    async def close(self) -> None:
        await self.keys.close()
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
    webauthn: WebAuthn | None = None,
    oidc_providers: dict[str, OidcProvider] | None = None,
) -> Container:
    """Build the service; tests may pass fakes for the unit of work, hasher, clock,
    rate limiter, mailer (which, like the real one, sends through the outbox), WebAuthn
    verifier and OpenID providers."""
    engine = None
    if uow is None:
        start_mappers()
        engine = create_engine(settings.effective_database_url)
        uow = SqlUnitOfWorkFactory(
            session_factory(engine),
            session_factory(engine, read_only=True),
            WriterGate() if engine.dialect.name == "sqlite" else None,
        )
    hashing_pool = None if hasher else HashingPool()
    revocations = _revocations(settings, engine)
    uow.on_commit(revocations.publish)
    deps = _adapters(
        settings,
        uow=uow,
        hasher=hasher or BcryptHasher(settings.bcrypt_rounds, hashing_pool),
        clock=clock or SystemClock(),
        limiter=rate_limiter or build_rate_limiter(settings.rate_limits, settings.redis_url),
        mailer=mailer or _mailer(settings),
        revocations=revocations,
        webauthn=webauthn or _webauthn(settings),
        oidc_providers=_oidc_providers(settings) if oidc_providers is None else oidc_providers,
        one_step_rotation=_one_step_rotation(engine),
    )
    return Container(
        settings=settings,
        engine=engine,
        uow=uow,
        auth=_area(AuthHandlers, deps),
        account=_area(AccountHandlers, deps),
        mfa=_area(MfaHandlers, deps),
        passkeys=_area(PasskeyHandlers, deps),
        providers=_area(ProviderHandlers, deps),
        admin=_area(AdminHandlers, deps),
        purge=inject(PurgeHandler, deps),
        throttle=deps["throttle"],
        rate_limiter=deps["limiter"],
        outbox=deps["mailer"],
        revocations=revocations,
        keys=deps["keys"],
        key_ring=deps["key_ring"],
        hashing_pool=hashing_pool,
    )


def _adapters(settings: Settings, **given: Any) -> dict[str, Any]:
    """Every adapter a handler may name, keyed by the parameter name it uses."""
    deps = dict(given)
    clock, policy, master = deps["clock"], settings.policy, settings.signing_secret()
    box = AesGcmSecretBox(derive_key(master, SECRETS_AT_REST))
    lifetime = policy.access_ttl + timedelta(seconds=settings.jwt_leeway_seconds)
    ring = KeyRing(settings.jwt_algorithm, master, box, lifetime, clock)
    keys = KeyStore(deps["uow"], ring, box, clock)
    access_tokens = JwtAccessTokens(
        ring,
        keys,
        policy.access_ttl,
        settings.token_issuer,
        settings.jwt_audience,
        clock,
        settings.jwt_leeway_seconds,
    )
    background = BackgroundTasks()
    deps.update(
        settings=settings,
        policy=policy,
        key_ring=ring,
        keys=keys,
        access_tokens=access_tokens,
        issuer=TokenIssuer(access_tokens, policy, derive_key(master, REFRESH_SUCCESSOR)),
        audit=Audit(LoggingSecurityLog()),
        rules=PasswordRules(load_common_passwords()),
        background=background,
        mailer=Outbox(deps["mailer"], background),  # handlers send through the outbox
        mails=AccountMails(settings.public_url),
        second_factor=SecondFactor(
            totp=PyotpTotp(),
            box=box,
            recovery_key=derive_key(master, RECOVERY_CODES),
            clock=clock,
            issuer=settings.app_name,
        ),
    )
    deps["ceremonies"] = Ceremonies(clock)
    deps["redirect_uri_of"] = RedirectUris(settings.public_url)
    deps["throttle"] = Throttle(deps["limiter"], deps["uow"], deps["audit"], clock)
    deps["sign_in"] = inject(SignIn, deps)
    deps["mfa_challenges"] = inject(MfaChallenges, deps)
    return deps


def inject(factory: type[T], deps: dict[str, Any]) -> T:
    """`factory` built with the adapters its parameters name; a parameter typed with a
    dataclass that is not an adapter is built the same way."""
    hints = typing.get_type_hints(factory.__init__)
    arguments: dict[str, Any] = {}
    for name, parameter in inspect.signature(factory).parameters.items():
        if name in deps:
            arguments[name] = deps[name]
        elif dataclasses.is_dataclass(hints.get(name)):
            arguments[name] = inject(hints[name], deps)
        elif parameter.default is inspect.Parameter.empty:
            raise TypeError(f"{factory.__name__} needs {name!r}, which nothing provides")
    return factory(**arguments)


def _area(area: type[T], deps: dict[str, Any]) -> T:
    hints = typing.get_type_hints(area)
    return area(**{f.name: inject(hints[f.name], deps) for f in dataclasses.fields(area)})  # type: ignore[arg-type]


def _one_step_rotation(engine: AsyncEngine | None) -> OneStepRotation | None:
    """PostgreSQL rotates a refresh token in one statement; elsewhere the general path."""
    if engine is None or engine.dialect.name != "postgresql":
        return None
    return PostgresOneStepRotation(engine)


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


def _webauthn(settings: Settings) -> WebAuthn:
    def build() -> WebAuthn:
        # py_webauthn brings pyOpenSSL, pyasn1 and cbor2: some 5 MB of every worker,
        # spent only once someone uses a passkey.
        from authgate.infrastructure.webauthn import PyWebAuthn

        origin = settings.public_origin
        return PyWebAuthn(settings.effective_webauthn_rp_id, settings.app_name, origin)

    return deferred(build)


def _oidc_providers(settings: Settings) -> dict[str, OidcProvider]:
    if not settings.oidc_providers:
        return {}
    # Imported only when configured: Authlib and its JOSE library slow every start.
    from authgate.infrastructure.oidc import AuthlibOidcProvider
    from authgate.infrastructure.oidc_settings import parse_providers

    leeway = settings.jwt_leeway_seconds
    return {
        p.name: AuthlibOidcProvider(p, leeway) for p in parse_providers(settings.oidc_providers)
    }


def _mailer(settings: Settings) -> Mailer:
    if settings.smtp_url:
        from authgate.infrastructure.mail.smtp import SmtpMailer  # only when configured

        return SmtpMailer(settings.smtp_url, settings.mail_from)
    return LogMailer()
