"""Documents for other services: the public signing keys (RFC 7517) and the
authorization server's metadata (RFC 8414). Plain JSON, not envelopes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from authgate.presentation.dependencies import ContainerDep
from authgate.presentation.route_traits import JSON_DOCUMENT, speaks
from authgate.presentation.routers.oauth import MFA_OTP_GRANT

router = APIRouter(prefix="/.well-known", tags=["keys"])
CACHE_JWKS = {"Cache-Control": "public, max-age=300"}


@router.get("/jwks.json")
@speaks(JSON_DOCUMENT)
async def jwks(container: ContainerDep) -> JSONResponse:
    """The current key, the next one if any, and previous keys until every token they
    signed has expired; never a private part."""
    await container.keys.ready()
    return JSONResponse({"keys": container.key_ring.published()}, headers=CACHE_JWKS)


@router.get("/oauth-authorization-server")
@speaks(JSON_DOCUMENT)
async def metadata(container: ContainerDep) -> JSONResponse:
    issuer = container.settings.token_issuer
    document: dict[str, Any] = {
        "issuer": issuer,
        "token_endpoint": f"{issuer}/api/auth/token",
        "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "grant_types_supported": ["password", "refresh_token", MFA_OTP_GRANT],
        "token_endpoint_auth_methods_supported": ["none"],
        "response_types_supported": [],
    }
    return JSONResponse(document, headers=CACHE_JWKS)
