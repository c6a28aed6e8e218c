"""FastAPI dependencies: the container, the caller's identity and address."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from authgate.bootstrap import Container
from authgate.domain.models import ClientInfo, Principal
from authgate.presentation.client_address import client_info
from authgate.presentation.cookies import ACCESS_COOKIE


# Every dependency is `async def`: FastAPI runs a plain `def` one in a worker thread,
# a hop that costs more than the whole token check.
async def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    # Before any transaction opens: the first request may have to make the first key.
    await container.keys.ready()
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


# The request alone: FastAPI walks a dependency's own dependencies on every request,
# even when their values are already cached for it, and each level costs.
async def get_client(request: Request) -> ClientInfo:
    container: Container = request.app.state.container
    return client_info(request, container.settings.trusted_proxy_networks)


Client = Annotated[ClientInfo, Depends(get_client)]


class SignedIn(OAuth2PasswordBearer):
    """Who is calling: the access token from `Authorization: Bearer`, else from the
    cookie. Being an OAuth 2 scheme, it also puts Swagger's Authorize button in the
    OpenAPI document. The busiest dependency, so it is one with no sub-dependencies."""

    async def __call__(self, request: Request) -> Principal:  # type: ignore[override]
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        bearer = value.strip() if scheme.lower() == "bearer" else ""
        container: Container = request.app.state.container
        return await container.auth.authenticate(bearer or request.cookies.get(ACCESS_COOKIE))


signed_in = SignedIn(tokenUrl="/api/auth/token")
CurrentPrincipal = Annotated[Principal, Depends(signed_in)]
