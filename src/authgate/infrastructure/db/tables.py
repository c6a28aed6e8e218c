"""Tables, and the classical mapping of the domain's entities onto them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import registry, relationship

from authgate.domain.identities import Identity, OidcFlow
from authgate.domain.mfa import MfaChallenge, RecoveryCode, TotpCredential
from authgate.domain.models import OneTimeToken, RefreshToken, SecurityEvent, Session, User
from authgate.domain.passkeys import Passkey, WebAuthnChallenge
from authgate.domain.signing_keys import SigningKey

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in, timezone-aware UTC out (SQLite stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is not None and dialect.name == "sqlite":
            return value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("password_hash", String(255), nullable=True),
    Column("avatar_url", String(2048), nullable=True),
    Column("email_verified", Boolean, nullable=False, default=False),
    Column("role", String(16), nullable=False, default="user"),
    Column("disabled_at", UTCDateTime, nullable=True),
    Column("last_sign_in_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    # Newest first, a page at a time (keyset paging), and search by name prefix.
    Index("ix_users_created_at_id", "created_at", "id"),
    Index("ix_users_lower_name", func.lower(text("name"))),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("authenticated_at", UTCDateTime, nullable=False),
    Column("methods", JSON, nullable=False),
    Column("user_agent", String(512), nullable=True),
    Column("ip", String(64), nullable=True),
    Index("ix_sessions_user_id", "user_id"),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("session_id", Uuid, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("rotated_at", UTCDateTime, nullable=True),
    Index("ix_refresh_tokens_session_id", "session_id"),
)

security_events = Table(
    "security_events",
    metadata,
    Column("id", Uuid, primary_key=True),
    # No foreign key: the trail outlives the person it concerns.
    Column("user_id", Uuid, nullable=True),
    Column("actor_id", Uuid, nullable=True),
    Column("event", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("ip", String(64), nullable=True),
    Column("user_agent", String(512), nullable=True),
    Index("ix_security_events_user_id_created_at", "user_id", "created_at"),
    Index("ix_security_events_created_at_id", "created_at", "id"),
)

one_time_tokens = Table(
    "one_time_tokens",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("purpose", String(32), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),
    Column("password_fingerprint", String(64), nullable=True),
    Index("ix_one_time_tokens_user_id_purpose", "user_id", "purpose"),
)

totp_credentials = Table(
    "totp_credentials",
    metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("sealed_secret", String(255), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("confirmed_at", UTCDateTime, nullable=True),
    Column("last_used_step", BigInteger, nullable=True),
)

recovery_codes = Table(
    "recovery_codes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),
    Index("ix_recovery_codes_user_id", "user_id"),
)

mfa_challenges = Table(
    "mfa_challenges",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("used_at", UTCDateTime, nullable=True),
    Index("ix_mfa_challenges_expires_at", "expires_at"),
)

passkeys = Table(
    "passkeys",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("credential_id", String(1400), nullable=False, unique=True),
    Column("public_key", LargeBinary, nullable=False),
    Column("sign_count", BigInteger, nullable=False),
    Column("name", String(100), nullable=False),
    Column("transports", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime, nullable=True),
    Index("ix_passkeys_user_id", "user_id"),
)

# No foreign key on user_id: a sign-up challenge names an account that does not exist yet.
webauthn_challenges = Table(
    "webauthn_challenges",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("purpose", String(16), nullable=False),
    Column("challenge", String(128), nullable=False),
    Column("user_id", Uuid, nullable=True),
    Column("token_hash", String(64), nullable=True, unique=True),
    Column("payload", JSON, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),
    Index("ix_webauthn_challenges_user_id_purpose", "user_id", "purpose"),
    Index("ix_webauthn_challenges_expires_at", "expires_at"),
)

identities = Table(
    "identities",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("provider", String(64), nullable=False),
    Column("issuer", String(512), nullable=False),
    Column("subject", String(255), nullable=False),
    Column("email", String(320), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("issuer", "subject", name="uq_identities_issuer_subject"),
    Index("ix_identities_user_id", "user_id"),
)

oidc_flows = Table(
    "oidc_flows",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("state_hash", String(64), nullable=False, unique=True),
    Column("browser_hash", String(64), nullable=False),
    Column("provider", String(64), nullable=False),
    Column("intent", String(16), nullable=False),
    Column("nonce", String(128), nullable=False),
    Column("code_verifier", String(128), nullable=False),
    Column("next_path", String(2048), nullable=False),
    Column("user_id", Uuid, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),
    Index("ix_oidc_flows_expires_at", "expires_at"),
)

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("kid", String(64), primary_key=True),
    Column("algorithm", String(16), nullable=False),
    Column("public_jwk", JSON, nullable=False),
    Column("sealed_private", Text, nullable=False),  # AES-GCM under a derived key
    Column("created_at", UTCDateTime, nullable=False),
    Column("signs_from", UTCDateTime, nullable=False),
)

# Every change that other processes must see at once (a session ended, a person's
# info changed), stored in the transaction that made it; processes poll it by time.
revocations = Table(
    "revocations",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("kind", String(16), nullable=False),
    Column("subject_id", Uuid, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("payload", Text, nullable=True),
    Index("ix_revocations_recorded_at", "recorded_at"),
)

mapper_registry = registry(metadata=metadata)


def start_mappers() -> None:
    """Map the domain's plain classes onto the tables, once per process."""
    if mapper_registry.mappers:
        return
    # The private relationships only tell the unit of work to insert parents first.
    mapper_registry.map_imperatively(User, users)
    mapper_registry.map_imperatively(Session, sessions, properties={"_user": _parent(User)})
    mapper_registry.map_imperatively(
        RefreshToken, refresh_tokens, properties={"_session": _parent(Session)}
    )
    mapper_registry.map_imperatively(SecurityEvent, security_events)
    mapper_registry.map_imperatively(WebAuthnChallenge, webauthn_challenges)
    mapper_registry.map_imperatively(OidcFlow, oidc_flows)
    mapper_registry.map_imperatively(SigningKey, signing_keys)
    for entity, table in (
        (OneTimeToken, one_time_tokens),
        (TotpCredential, totp_credentials),
        (RecoveryCode, recovery_codes),
        (MfaChallenge, mfa_challenges),
        (Passkey, passkeys),
        (Identity, identities),
    ):
        mapper_registry.map_imperatively(entity, table, properties={"_user": _parent(User)})


def _parent(cls: type) -> Any:
    return relationship(cls, lazy="raise", passive_deletes=True)
