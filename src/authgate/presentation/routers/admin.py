"""/api/admin: people, their sessions and the audit trail, for administrators only.
Authorization lives in one place, `AdminPrincipal`, which every route here needs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from authgate.application.admin.users import Acting, AdminView, UpdateUser
from authgate.domain.errors import Forbidden
from authgate.domain.event_names import SecurityEventName
from authgate.domain.models import ADMIN, Principal, SecurityEvent
from authgate.presentation.dependencies import Client, ContainerDep, CurrentPrincipal
from authgate.presentation.envelope import Envelope, ok
from authgate.presentation.responses import errors
from authgate.presentation.schemas import Name, Request, SessionInfo, UserInfo


async def require_admin(principal: CurrentPrincipal) -> Principal:
    """The caller's role as every process knows it now (a demotion applies within a
    second, like any change to a person)."""
    if principal.user.role != ADMIN:
        raise Forbidden()
    return principal


AdminPrincipal = Annotated[Principal, Depends(require_admin)]
router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_admin)])
Limit = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str | None, Query(max_length=200)]
ERRORS = errors(401, 403, 404, 409, 413, 415, 422, 503)


class AdminUser(UserInfo):
    disabled: bool
    last_sign_in_at: datetime | None
    has_password: bool
    totp_enabled: bool
    passkeys: int
    identities: list[str]
    active_sessions: int

    @classmethod
    def of_view(cls, view: AdminView) -> AdminUser:
        user, facts = view.user, view.facts
        return cls(
            **UserInfo.of(user).model_dump(),
            disabled=user.disabled_at is not None,
            last_sign_in_at=user.last_sign_in_at,
            has_password=user.has_password,
            totp_enabled=facts.totp_enabled,
            passkeys=facts.passkeys,
            identities=list(facts.identities),
            active_sessions=facts.active_sessions,
        )


class UserPage(BaseModel):
    items: list[AdminUser]
    next_cursor: str | None


class AdminEvent(BaseModel):
    event: SecurityEventName
    created_at: datetime
    ip: str | None
    user_agent: str | None
    actor_id: uuid.UUID | None
    user_id: uuid.UUID | None

    @classmethod
    def of(cls, event: SecurityEvent) -> AdminEvent:
        return cls(
            event=SecurityEventName(event.event),
            created_at=event.created_at,
            ip=event.ip,
            user_agent=event.user_agent,
            actor_id=event.actor_id,
            user_id=event.user_id,
        )


class EventPage(BaseModel):
    items: list[AdminEvent]
    next_cursor: str | None


class AdminUserUpdate(Request):
    name: Name | None = None
    role: Literal["user", "admin"] | None = None
    email_verified: bool | None = None


def _acting(principal: Principal, client: Client) -> Acting:
    return Acting(principal.user.id, client)


@router.get("/users", response_model=Envelope[UserPage], responses=ERRORS)
async def list_users(
    container: ContainerDep,
    query: Annotated[str | None, Query(max_length=320)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, object]:
    """Newest first; `query` matches the start of the email or the name."""
    page, facts = await container.admin.list_users(query, limit, cursor)
    items = [AdminUser.of_view(AdminView(u, facts[u.id])) for u in page.items]
    return ok(UserPage(items=items, next_cursor=page.next_cursor))


@router.get("/users/{user_id}", response_model=Envelope[AdminUser], responses=ERRORS)
async def get_user(user_id: uuid.UUID, container: ContainerDep) -> dict[str, object]:
    return ok(AdminUser.of_view(await container.admin.get_user(user_id)))


@router.patch("/users/{user_id}", response_model=Envelope[AdminUser], responses=ERRORS)
async def update_user(
    user_id: uuid.UUID,
    body: AdminUserUpdate,
    principal: AdminPrincipal,
    container: ContainerDep,
    client: Client,
) -> dict[str, object]:
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    await container.admin.update_user(UpdateUser(_acting(principal, client), user_id, changes))
    return ok(AdminUser.of_view(await container.admin.get_user(user_id)), "User updated")


@router.post("/users/{user_id}/disable", response_model=Envelope[None], responses=ERRORS)
async def disable_user(
    user_id: uuid.UUID, principal: AdminPrincipal, container: ContainerDep, client: Client
) -> dict[str, object]:
    await container.admin.disable_user(_acting(principal, client), user_id)
    return ok(None, "User disabled")


@router.post("/users/{user_id}/enable", response_model=Envelope[None], responses=ERRORS)
async def enable_user(
    user_id: uuid.UUID, principal: AdminPrincipal, container: ContainerDep, client: Client
) -> dict[str, object]:
    await container.admin.enable_user(_acting(principal, client), user_id)
    return ok(None, "User enabled")


@router.post(
    "/users/{user_id}/password-reset",
    status_code=202,
    response_model=Envelope[None],
    responses=ERRORS,
)
async def send_password_reset(
    user_id: uuid.UUID, principal: AdminPrincipal, container: ContainerDep, client: Client
) -> dict[str, object]:
    await container.admin.send_password_reset(_acting(principal, client), user_id)
    return ok(None, "Password reset link sent", 202)


@router.delete("/users/{user_id}", response_model=Envelope[None], responses=ERRORS)
async def delete_user(
    user_id: uuid.UUID, principal: AdminPrincipal, container: ContainerDep, client: Client
) -> dict[str, object]:
    await container.admin.delete_user(_acting(principal, client), user_id)
    return ok(None, "User deleted")


@router.get(
    "/users/{user_id}/sessions", response_model=Envelope[list[SessionInfo]], responses=ERRORS
)
async def user_sessions(user_id: uuid.UUID, container: ContainerDep) -> dict[str, object]:
    sessions = await container.admin.user_sessions(user_id)
    return ok([SessionInfo.of(s, uuid.UUID(int=0)) for s in sessions])


@router.delete(
    "/users/{user_id}/sessions/{session_id}", response_model=Envelope[None], responses=ERRORS
)
async def end_user_session(
    user_id: uuid.UUID,
    session_id: uuid.UUID,
    principal: AdminPrincipal,
    container: ContainerDep,
    client: Client,
) -> dict[str, object]:
    await container.admin.end_user_session(_acting(principal, client), user_id, session_id)
    return ok(None, "Session ended")


@router.get("/events", response_model=Envelope[EventPage], responses=ERRORS)
async def events(
    container: ContainerDep,
    user_id: uuid.UUID | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, object]:
    """Everyone's security events (or one person's), newest first, with their actor."""
    page = await container.admin.list_events(user_id, limit, cursor)
    items = [AdminEvent.of(e) for e in page.items]
    return ok(EventPage(items=items, next_cursor=page.next_cursor))
