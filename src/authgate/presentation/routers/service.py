"""Liveness and readiness."""

from __future__ import annotations

import json

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from authgate.presentation.dependencies import ContainerDep
from authgate.presentation.envelope import Envelope, error_response, ok
from authgate.presentation.responses import errors

router = APIRouter(prefix="/api", tags=["service"])


HEALTHY = json.dumps(ok(None, "Running")).encode()


@router.get("/health", response_model=Envelope[None])
async def health() -> Response:
    """Answered from bytes made once: load balancers ask often."""
    return Response(HEALTHY, media_type="application/json")


@router.get("/ready", response_model=Envelope[None], responses=errors(503))
async def ready(container: ContainerDep) -> dict[str, object] | JSONResponse:
    if container.engine is not None:
        try:
            async with container.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # any failure to reach the database means "not ready"
            return error_response(
                503, "not_ready", "The database is not answering", headers={"Retry-After": "5"}
            )
    return ok(None, "Ready")
