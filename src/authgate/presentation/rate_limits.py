"""Rate limits per client address, as FastAPI dependencies.

The per-account limit on sign-in lives in the login use case: only it knows whether an
attempt failed, and only failures count there (each attempt reserves a place before the
password is checked and gives it back when the password was right).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Form, Request

from authgate.domain.ports import RateRule
from authgate.presentation.dependencies import (
    Client,
    ContainerDep,
    CurrentPrincipal,
    get_client,
    get_container,
)

IPV6_PREFIX = 64  # one subscriber is usually handed a whole /64


def address_key(ip: str | None) -> str:
    """The key an address is counted under: IPv4 as is, IPv6 by its /64."""
    if not ip:
        return "unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


async def attempt_from_address(request: Request, rule: RateRule) -> None:
    container, client = await get_container(request), await get_client(request)
    await container.throttle.attempt(rule, address_key(client.ip), client)


def per_address(rule: RateRule) -> Callable[..., Awaitable[None]]:
    async def limit(request: Request) -> None:  # the request alone, as get_client says
        await attempt_from_address(request, rule)

    return limit


async def verification_resend_limit(
    principal: CurrentPrincipal, container: ContainerDep, client: Client
) -> None:
    """Signed in only, so the refusal is recorded among the person's own events too."""
    key = address_key(client.ip)
    await container.throttle.attempt("verification_resend", key, client, principal.user.id)


async def token_endpoint_limit(
    request: Request, grant_type: Annotated[str | None, Form(max_length=1024)] = None
) -> None:
    """The password grant is a sign-in and shares its budget; any other grant counts
    as a refresh."""
    rule: RateRule = "login_address" if grant_type == "password" else "refresh"
    await attempt_from_address(request, rule)


LoginLimit = Depends(per_address("login_address"))
SignupLimit = Depends(per_address("signup"))
RefreshLimit = Depends(per_address("refresh"))
ForgotPasswordLimit = Depends(per_address("password_forgot"))
ResetPasswordLimit = Depends(per_address("password_reset"))
VerifyEmailLimit = Depends(per_address("email_verify"))
VerificationResendLimit = Depends(verification_resend_limit)
TokenEndpointLimit = Depends(token_endpoint_limit)
