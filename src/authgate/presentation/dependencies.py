"""FastAPI dependencies: the container, the caller's identity and address."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from authgate.bootstrap import Container
from authgate.domain.models import ClientInfo, Principal
from authgate.presentation.client_address import client_info
from authgate.presentation.cookies import ACCESS_COOKIE

# Declares the OAuth 2 scheme in OpenAPI (Swagger's Authorize button); the token may
# also come from the cookie, so a missing header is not an error here.
bearer_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


# Every dependency is `async def`: FastAPI runs a plain `def` one in a worker thread,
# a hop that costs more than the whole token check.
async def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


async def get_client(request: Request, container: ContainerDep) -> ClientInfo:
    return client_info(request, container.settings.trusted_proxy_networks)


Client = Annotated[ClientInfo, Depends(get_client)]


async def get_principal(
    request: Request,
    container: ContainerDep,
    bearer: Annotated[str | None, Depends(bearer_scheme)],
) -> Principal:
    token = bearer or request.cookies.get(ACCESS_COOKIE)
    principal = await container.authenticate(token)
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
