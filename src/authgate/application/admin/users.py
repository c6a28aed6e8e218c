"""What administrators do to people: look them up, change, disable, enable, send a
reset link, delete, and end sessions. Every action is a security event naming the
admin as its actor, kept after the person is deleted."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from authgate.application.account.mails import AccountMails
from authgate.application.account.one_time_tokens import issue_token
from authgate.application.admin.paging import Page, decode_cursor, page_of
from authgate.application.audit import Audit
from authgate.domain.errors import LastAdmin, SessionNotFound, UserNotFound
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import (
    ADMIN,
    ClientInfo,
    SecurityEvent,
    Session,
    SignInFacts,
    TokenPurpose,
    User,
)
from authgate.domain.ports import Clock, Mailer, UnitOfWork, UnitOfWorkFactory
from authgate.domain.values import normalise_email


@dataclass(frozen=True)
class Acting:
    """Who acts, from where."""

    admin_id: uuid.UUID
    client: ClientInfo


@dataclass(frozen=True)
class AdminView:
    user: User
    facts: SignInFacts


@dataclass(frozen=True)
class AdminDeps:
    uow: UnitOfWorkFactory
    audit: Audit
    clock: Clock
    mailer: Mailer
    mails: AccountMails


def _record(
    d: AdminDeps, uow: UnitOfWork, acting: Acting, event: Event, user_id: uuid.UUID
) -> None:
    d.audit.record(uow, event, d.clock.now(), user_id, acting.client, acting.admin_id)


async def _target(uow: UnitOfWork, user_id: uuid.UUID) -> User:
    user = await uow.users.get(user_id)
    if user is None:
        raise UserNotFound()
    return user


async def _end_every_session(uow: UnitOfWork, user_id: uuid.UUID, now: datetime) -> None:
    """Its tokens fail within a second on every process (SessionEnded events)."""
    for session in await uow.sessions.list_active(user_id, now):
        session.end(now)


async def _keep_an_admin(uow: UnitOfWork, losing: User) -> None:
    """Refuses to take away the last enabled admin, judged with every admin row locked
    (two admins demoting each other at once: the second sees the first's change)."""
    admins = await uow.users.admins_for_update()
    others = [a for a in admins if a.id != losing.id and a.disabled_at is None]
    if losing.role == ADMIN and losing.disabled_at is None and not others:
        raise LastAdmin()


class ListUsersHandler:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(
        self, query: str | None, limit: int, cursor: str | None
    ) -> tuple[Page[User], dict[uuid.UUID, SignInFacts]]:
        after = decode_cursor(cursor)
        async with self._uow(read_only=True) as uow:
            rows = await uow.users.page((query or "").strip() or None, limit + 1, after)
            page = page_of(rows, limit)
            facts = await uow.users.sign_in_facts([u.id for u in page.items], self._clock.now())
        return page, facts


class GetUserHandler:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, user_id: uuid.UUID) -> AdminView:
        async with self._uow(read_only=True) as uow:
            user = await _target(uow, user_id)
            facts = await uow.users.sign_in_facts([user_id], self._clock.now())
        return AdminView(user, facts[user_id])


@dataclass(frozen=True)
class UpdateUser:
    acting: Acting
    user_id: uuid.UUID
    changes: dict[str, object] = field(default_factory=dict)  # name, role, email_verified


class UpdateUserHandler:
    def __init__(self, admin_deps: AdminDeps) -> None:
        self._d = admin_deps

    async def __call__(self, cmd: UpdateUser) -> User:
        d = self._d
        async with d.uow() as uow:
            user = await _target(uow, cmd.user_id)
            role_changed = cmd.changes.get("role", user.role) != user.role
            if role_changed and user.role == ADMIN:
                await _keep_an_admin(uow, user)
            now = d.clock.now()
            user.change(now, **cmd.changes)
            event = Event.ROLE_CHANGED if role_changed else Event.ADMIN_USER_UPDATED
            _record(d, uow, cmd.acting, event, user.id)
            await uow.commit()
        return user


class DisableUserHandler:
    """Every session ends (its tokens fail within a second everywhere); sign-in answers
    account_disabled, but only to someone who proved who they are."""

    def __init__(self, admin_deps: AdminDeps) -> None:
        self._d = admin_deps

    async def __call__(self, acting: Acting, user_id: uuid.UUID) -> None:
        d = self._d
        async with d.uow() as uow:
            user = await _target(uow, user_id)
            await _keep_an_admin(uow, user)
            now = d.clock.now()
            user.disable(now)
            await _end_every_session(uow, user.id, now)
            _record(d, uow, acting, Event.ADMIN_USER_DISABLED, user.id)
            await uow.commit()


class EnableUserHandler:
    def __init__(self, admin_deps: AdminDeps) -> None:
        self._d = admin_deps

    async def __call__(self, acting: Acting, user_id: uuid.UUID) -> None:
        d = self._d
        async with d.uow() as uow:
            user = await _target(uow, user_id)
            user.enable()
            _record(d, uow, acting, Event.ADMIN_USER_ENABLED, user.id)
            await uow.commit()


class SendPasswordResetHandler:
    """Mails the person a reset link and ends every session: for an account thought
    to be in someone else's hands."""

    def __init__(self, admin_deps: AdminDeps) -> None:
        self._d = admin_deps

    async def __call__(self, acting: Acting, user_id: uuid.UUID) -> None:
        d = self._d
        async with d.uow() as uow:
            user = await _target(uow, user_id)
            now = d.clock.now()
            token = await issue_token(uow, user, TokenPurpose.PASSWORD_RESET, now)
            await _end_every_session(uow, user.id, now)
            _record(d, uow, acting, Event.ADMIN_PASSWORD_RESET, user.id)
            await uow.commit()
        await d.mailer.send(d.mails.password_reset(user, token))


class DeleteUserHandler:
    def __init__(self, admin_deps: AdminDeps) -> None:
        self._d = admin_deps

    async def __call__(self, acting: Acting, user_id: uuid.UUID) -> None:
        d = self._d
        async with d.uow() as uow:
            user = await _target(uow, user_id)
            await _keep_an_admin(uow, user)
            now = d.clock.now()
            await _end_every_session(uow, user.id, now)
            _record(d, uow, acting, Event.ADMIN_USER_DELETED, user.id)
            await uow.users.delete(user)
            await uow.commit()


class UserSessionsHandler:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, user_id: uuid.UUID) -> Sequence[Session]:
        async with self._uow(read_only=True) as uow:
            await _target(uow, user_id)
            return await uow.sessions.list_active(user_id, self._clock.now())


class EndUserSessionHandler:
    def __init__(self, admin_deps: AdminDeps) -> None:
        self._d = admin_deps

    async def __call__(self, acting: Acting, user_id: uuid.UUID, session_id: uuid.UUID) -> None:
        d = self._d
        async with d.uow() as uow:
            await _target(uow, user_id)
            now = d.clock.now()
            session = await uow.sessions.get(session_id)
            if session is None or session.user_id != user_id or not session.is_active(now):
                raise SessionNotFound()
            session.end(now)
            _record(d, uow, acting, Event.ADMIN_SESSION_ENDED, user_id)
            await uow.commit()


class ListEventsHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(
        self, user_id: uuid.UUID | None, limit: int, cursor: str | None
    ) -> Page[SecurityEvent]:
        after = decode_cursor(cursor)
        async with self._uow(read_only=True) as uow:
            rows = await uow.security_events.page(user_id, limit + 1, after)
        return page_of(rows, limit)


@dataclass(frozen=True)
class SetRole:
    email: str
    role: str


class SetRoleHandler:
    """`authgate set-role`: like an admin's change, with no one signed in to act."""

    def __init__(self, admin_deps: AdminDeps) -> None:
        self._d = admin_deps

    async def __call__(self, cmd: SetRole) -> User:
        d = self._d
        async with d.uow() as uow:
            user = await uow.users.get_by_email(normalise_email(cmd.email))
            if user is None:
                raise UserNotFound()
            if cmd.role != ADMIN:
                await _keep_an_admin(uow, user)
            now = d.clock.now()
            if user.role != cmd.role:
                user.change(now, role=cmd.role)
                d.audit.record(uow, Event.ROLE_CHANGED, now, user.id)
            await uow.commit()
        return user
