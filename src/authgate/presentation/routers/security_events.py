"""GET /api/users/me/security-events: what happened to the caller's account lately."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel

from authgate.domain.event_names import SecurityEventName
from authgate.domain.models import SecurityEvent
from authgate.presentation.cookies import no_store
from authgate.presentation.dependencies import ContainerDep, CurrentPrincipal
from authgate.presentation.envelope import Envelope, ok
from authgate.presentation.responses import errors

router = APIRouter(prefix="/api/users/me", tags=["users"])


class SecurityEventInfo(BaseModel):
    event: SecurityEventName
    created_at: datetime
    ip: str | None
    user_agent: str | None
    actor_id: uuid.UUID | None = None  # an administrator who acted on the account

    @classmethod
    def of(cls, event: SecurityEvent) -> SecurityEventInfo:
        return cls(
            event=SecurityEventName(event.event),
            created_at=event.created_at,
            ip=event.ip,
            user_agent=event.user_agent,
            actor_id=event.actor_id,
        )


@router.get(
    "/security-events",
    response_model=Envelope[list[SecurityEventInfo]],
    responses=errors(401, 503),
)
async def security_events(
    principal: CurrentPrincipal, container: ContainerDep, response: Response
) -> dict[str, object]:
    """The caller's recent security events, newest first."""
    no_store(response)
    events = await container.account.list_security_events(principal.user.id)
    return ok([SecurityEventInfo.of(e) for e in events])
