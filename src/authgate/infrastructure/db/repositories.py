"""SQLAlchemy repositories: how users, sessions, tokens and events are stored."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, and_, delete, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from authgate.domain.identities import Identity, OidcFlow
from authgate.domain.mfa import MfaChallenge, RecoveryCode, TotpCredential
from authgate.domain.models import (
    OneTimeToken,
    RefreshToken,
    SecurityEvent,
    Session,
    SignInFacts,
    User,
)
from authgate.domain.passkeys import Passkey, WebAuthnChallenge
from authgate.domain.signing_keys import SigningKey
from authgate.infrastructure.db import tables as t


class SqlUserRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, user: User) -> None:
        self._db.add(user)

    async def get(self, user_id: uuid.UUID) -> User | None:
        return await self._db.get(User, user_id)

    async def get_by_email(self, email: str) -> User | None:
        result = await self._db.execute(select(User).where(t.users.c.email == email))
        return result.scalar_one_or_none()

    async def delete(self, user: User) -> None:
        await self._db.delete(user)

    async def page(
        self, prefix: str | None, limit: int, after: tuple[datetime, uuid.UUID] | None
    ) -> Sequence[User]:
        users = t.users.c
        query = select(User).order_by(users.created_at.desc(), users.id.desc()).limit(limit)
        if prefix:
            # Ranges rather than LIKE: the b-tree indexes on email and lower(name) serve
            # them on every database.
            low, high = prefix.lower(), _next_prefix(prefix.lower())
            name = func.lower(users.name)
            query = query.where(
                or_(and_(users.email >= low, users.email < high), and_(name >= low, name < high))
            )
        if after is not None:
            query = query.where(tuple_(users.created_at, users.id) < tuple_(*after))
        return (await self._db.execute(query)).scalars().all()

    async def sign_in_facts(
        self, user_ids: Sequence[uuid.UUID], now: datetime
    ) -> dict[uuid.UUID, SignInFacts]:
        ids = list(user_ids)
        totp, keys, links, sessions = (
            t.totp_credentials.c,
            t.passkeys.c,
            t.identities.c,
            t.sessions.c,
        )
        enabled = totp.confirmed_at.is_not(None)
        with_totp = set(
            (await self._db.execute(select(totp.user_id).where(totp.user_id.in_(ids), enabled)))
            .scalars()
            .all()
        )
        passkeys = await self._counts(keys.user_id, keys.user_id.in_(ids))
        live = and_(sessions.ended_at.is_(None), sessions.expires_at > now)
        active = await self._counts(sessions.user_id, and_(sessions.user_id.in_(ids), live))
        providers: dict[uuid.UUID, list[str]] = {}
        query = select(links.user_id, links.provider).where(links.user_id.in_(ids))
        for user_id, provider in await self._db.execute(query):
            providers.setdefault(user_id, []).append(provider)
        return {
            i: SignInFacts(
                totp_enabled=i in with_totp,
                passkeys=passkeys.get(i, 0),
                identities=tuple(providers.get(i, ())),
                active_sessions=active.get(i, 0),
            )
            for i in ids
        }

    async def _counts(self, column: Any, where: Any) -> dict[uuid.UUID, int]:
        query = select(column, func.count()).where(where).group_by(column)
        return {row[0]: int(row[1]) for row in await self._db.execute(query)}

    async def admins_for_update(self) -> Sequence[User]:
        query = select(User).where(t.users.c.role == "admin").order_by(t.users.c.id)
        return (await self._db.execute(query.with_for_update())).scalars().all()


class SqlSessionRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, session: Session) -> None:
        self._db.add(session)

    async def get(self, session_id: uuid.UUID) -> Session | None:
        return await self._db.get(Session, session_id)

    async def list_active(self, user_id: uuid.UUID, now: datetime) -> Sequence[Session]:
        query = (
            select(Session)
            .where(
                t.sessions.c.user_id == user_id,
                t.sessions.c.ended_at.is_(None),
                t.sessions.c.expires_at > now,
            )
            .order_by(t.sessions.c.last_used_at.desc())
        )
        return (await self._db.execute(query)).scalars().all()

    async def delete_finished_before(self, cutoff: datetime) -> int:
        sessions = t.sessions.c
        finished = select(sessions.id).where(
            or_(sessions.ended_at < cutoff, sessions.expires_at < cutoff)
        )
        await _delete(
            self._db, delete(t.refresh_tokens).where(t.refresh_tokens.c.session_id.in_(finished))
        )
        return await _delete(self._db, delete(t.sessions).where(sessions.id.in_(finished)))


class SqlRefreshTokenRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, token: RefreshToken) -> None:
        self._db.add(token)

    async def get_by_hash_for_update(self, token_hash: str) -> RefreshToken | None:
        query = (
            select(RefreshToken)
            .where(t.refresh_tokens.c.token_hash == token_hash)
            .with_for_update()
        )
        return (await self._db.execute(query)).scalar_one_or_none()

    async def get_for_rotation(
        self, token_hash: str, now: datetime
    ) -> tuple[RefreshToken, Session, User] | None:
        query = (
            select(RefreshToken, Session, User)
            .join(Session, t.sessions.c.id == t.refresh_tokens.c.session_id)
            .join(User, t.users.c.id == t.sessions.c.user_id)
            .where(
                t.refresh_tokens.c.token_hash == token_hash,
                t.sessions.c.ended_at.is_(None),
                t.sessions.c.expires_at > now,
            )
            .with_for_update(of=t.refresh_tokens)
        )
        row = (await self._db.execute(query)).first()
        return (row[0], row[1], row[2]) if row else None


class SqlSecurityEventRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, event: SecurityEvent) -> None:
        self._db.add(event)

    async def page(
        self, user_id: uuid.UUID | None, limit: int, after: tuple[datetime, uuid.UUID] | None
    ) -> Sequence[SecurityEvent]:
        events = t.security_events.c
        query = select(SecurityEvent).order_by(events.created_at.desc(), events.id.desc())
        if user_id is not None:
            query = query.where(events.user_id == user_id)
        if after is not None:
            query = query.where(tuple_(events.created_at, events.id) < tuple_(*after))
        return (await self._db.execute(query.limit(limit))).scalars().all()

    async def list_recent(self, user_id: uuid.UUID, limit: int) -> Sequence[SecurityEvent]:
        query = (
            select(SecurityEvent)
            .where(t.security_events.c.user_id == user_id)
            .order_by(t.security_events.c.created_at.desc())
            .limit(limit)
        )
        return (await self._db.execute(query)).scalars().all()


class SqlOneTimeTokenRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, token: OneTimeToken) -> None:
        self._db.add(token)

    async def get_by_hash_for_update(self, token_hash: str) -> OneTimeToken | None:
        query = (
            select(OneTimeToken)
            .where(t.one_time_tokens.c.token_hash == token_hash)
            .with_for_update()
        )
        return (await self._db.execute(query)).scalar_one_or_none()

    async def list_unused(self, user_id: uuid.UUID, purpose: str) -> Sequence[OneTimeToken]:
        query = select(OneTimeToken).where(
            t.one_time_tokens.c.user_id == user_id,
            t.one_time_tokens.c.purpose == purpose,
            t.one_time_tokens.c.used_at.is_(None),
        )
        return (await self._db.execute(query)).scalars().all()

    async def delete_expired_before(self, cutoff: datetime) -> int:
        statement = delete(t.one_time_tokens).where(t.one_time_tokens.c.expires_at < cutoff)
        return await _delete(self._db, statement)


class SqlTotpCredentialRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, credential: TotpCredential) -> None:
        self._db.add(credential)

    async def get(self, user_id: uuid.UUID) -> TotpCredential | None:
        return await self._db.get(TotpCredential, user_id)

    async def get_for_update(self, user_id: uuid.UUID) -> TotpCredential | None:
        return await self._db.get(TotpCredential, user_id, with_for_update=True)

    async def delete(self, credential: TotpCredential) -> None:
        await self._db.delete(credential)


class SqlRecoveryCodeRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, code: RecoveryCode) -> None:
        self._db.add(code)

    async def get_unused_for_update(
        self, user_id: uuid.UUID, code_hash: str
    ) -> RecoveryCode | None:
        codes = t.recovery_codes.c
        query = (
            select(RecoveryCode)
            .where(codes.user_id == user_id, codes.code_hash == code_hash, codes.used_at.is_(None))
            .with_for_update()
        )
        return (await self._db.execute(query)).scalar_one_or_none()

    async def count_unused(self, user_id: uuid.UUID) -> int:
        codes = t.recovery_codes.c
        query = select(func.count()).where(codes.user_id == user_id, codes.used_at.is_(None))
        return int((await self._db.execute(query)).scalar_one())

    async def delete_all(self, user_id: uuid.UUID) -> None:
        await _delete(
            self._db, delete(t.recovery_codes).where(t.recovery_codes.c.user_id == user_id)
        )


class SqlMfaChallengeRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, challenge: MfaChallenge) -> None:
        self._db.add(challenge)

    async def get_by_hash(self, token_hash: str) -> MfaChallenge | None:
        query = select(MfaChallenge).where(t.mfa_challenges.c.token_hash == token_hash)
        return (await self._db.execute(query)).scalar_one_or_none()

    async def get_by_hash_for_update(self, token_hash: str) -> MfaChallenge | None:
        query = (
            select(MfaChallenge)
            .where(t.mfa_challenges.c.token_hash == token_hash)
            .with_for_update()
        )
        return (await self._db.execute(query)).scalar_one_or_none()

    async def delete_expired_before(self, cutoff: datetime) -> int:
        statement = delete(t.mfa_challenges).where(t.mfa_challenges.c.expires_at < cutoff)
        return await _delete(self._db, statement)


class SqlPasskeyRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, passkey: Passkey) -> None:
        self._db.add(passkey)

    async def list_for_user(self, user_id: uuid.UUID) -> Sequence[Passkey]:
        keys = t.passkeys.c
        query = select(Passkey).where(keys.user_id == user_id).order_by(keys.created_at)
        return (await self._db.execute(query)).scalars().all()

    async def get(self, user_id: uuid.UUID, passkey_id: uuid.UUID) -> Passkey | None:
        passkey = await self._db.get(Passkey, passkey_id)
        return passkey if passkey is not None and passkey.user_id == user_id else None

    async def get_by_credential_id_for_update(self, credential_id: str) -> Passkey | None:
        query = select(Passkey).where(t.passkeys.c.credential_id == credential_id).with_for_update()
        return (await self._db.execute(query)).scalar_one_or_none()

    async def delete(self, passkey: Passkey) -> None:
        await self._db.delete(passkey)


class SqlWebAuthnChallengeRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, challenge: WebAuthnChallenge) -> None:
        self._db.add(challenge)

    async def get_by_hash_for_update(self, token_hash: str) -> WebAuthnChallenge | None:
        challenges = t.webauthn_challenges.c
        query = select(WebAuthnChallenge).where(challenges.token_hash == token_hash)
        return (await self._db.execute(query.with_for_update())).scalar_one_or_none()

    async def newest_for_update(self, user_id: uuid.UUID, purpose: str) -> WebAuthnChallenge | None:
        challenges = t.webauthn_challenges.c
        query = (
            select(WebAuthnChallenge)
            .where(challenges.user_id == user_id, challenges.purpose == purpose)
            .order_by(challenges.created_at.desc())
            .limit(1)
            .with_for_update()
        )
        return (await self._db.execute(query)).scalar_one_or_none()

    async def delete_expired_before(self, cutoff: datetime) -> int:
        table = t.webauthn_challenges
        return await _delete(self._db, delete(table).where(table.c.expires_at < cutoff))


class SqlIdentityRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, identity: Identity) -> None:
        self._db.add(identity)

    async def list_for_user(self, user_id: uuid.UUID) -> Sequence[Identity]:
        ids = t.identities.c
        query = select(Identity).where(ids.user_id == user_id).order_by(ids.created_at)
        return (await self._db.execute(query)).scalars().all()

    async def get_by_subject(self, issuer: str, subject: str) -> Identity | None:
        ids = t.identities.c
        query = select(Identity).where(ids.issuer == issuer, ids.subject == subject)
        return (await self._db.execute(query)).scalar_one_or_none()

    async def delete(self, identity: Identity) -> None:
        await self._db.delete(identity)


class SqlOidcFlowRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, flow: OidcFlow) -> None:
        self._db.add(flow)

    async def get_by_state_for_update(self, state_hash: str) -> OidcFlow | None:
        query = select(OidcFlow).where(t.oidc_flows.c.state_hash == state_hash)
        return (await self._db.execute(query.with_for_update())).scalar_one_or_none()

    async def delete_expired_before(self, cutoff: datetime) -> int:
        table = t.oidc_flows
        return await _delete(self._db, delete(table).where(table.c.expires_at < cutoff))


class SqlSigningKeyRepository:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    def add(self, key: SigningKey) -> None:
        self._db.add(key)

    async def list_all(self) -> Sequence[SigningKey]:
        query = select(SigningKey).order_by(t.signing_keys.c.signs_from)
        return (await self._db.execute(query)).scalars().all()


class SqlRevocationRecords:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    async def delete_recorded_before(self, cutoff: datetime) -> int:
        statement = delete(t.revocations).where(t.revocations.c.recorded_at < cutoff)
        return await _delete(self._db, statement)


async def _delete(db: AsyncSession, statement: Delete) -> int:
    """Runs a bulk DELETE and returns how many rows it removed."""
    result = cast(CursorResult[Any], await db.execute(statement))
    return result.rowcount


def _next_prefix(prefix: str) -> str:
    """The least string greater than every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
