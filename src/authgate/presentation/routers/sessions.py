"""A person's own sessions: list them, end one."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from authgate.application.auth.sessions import EndSession
from authgate.presentation.dependencies import Client, ContainerDep, CurrentPrincipal
from authgate.presentation.envelope import Envelope, ok
from authgate.presentation.responses import errors
from authgate.presentation.schemas import SessionInfo

router = APIRouter(prefix="/api/auth/sessions", tags=["sessions"])


@router.get("", response_model=Envelope[list[SessionInfo]], responses=errors(401, 503))
async def list_sessions(principal: CurrentPrincipal, container: ContainerDep) -> dict[str, object]:
    sessions = await container.auth.list_sessions(principal.user.id)
    return ok([SessionInfo.of(s, principal.session_id) for s in sessions])


@router.delete(
    "/{session_id}",
    response_model=Envelope[None],
    responses=errors(401, 403, 404, 422, 503),
)
async def end_session(
    session_id: uuid.UUID, principal: CurrentPrincipal, container: ContainerDep, client: Client
) -> dict[str, object]:
    await container.auth.end_session(EndSession(principal.user.id, session_id, client))
    return ok(None, "Session ended")
