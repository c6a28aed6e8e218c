"""The signed-in person's sign-in methods and second factor (TOTP, recovery codes)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from authgate.application.account.reauthentication import Proof
from authgate.application.mfa.totp_manage import ProvenWithCode
from authgate.application.mfa.totp_setup import ConfirmTotp
from authgate.domain.models import ClientInfo, Principal
from authgate.presentation.cookies import no_store
from authgate.presentation.dependencies import Client, ContainerDep, CurrentPrincipal
from authgate.presentation.envelope import Envelope, ok
from authgate.presentation.mfa_schemas import (
    MfaProtectedRequest,
    RecoveryCodes,
    SecurityOverview,
    TotpConfirmRequest,
    TotpSetup,
    TotpStartRequest,
)
from authgate.presentation.responses import errors

router = APIRouter(prefix="/api/users/me", tags=["mfa"])


def _proof(principal: Principal, password: str | None, client: ClientInfo) -> Proof:
    return Proof(principal.user.id, password, principal.authenticated_at, client)


@router.get("/security", response_model=Envelope[SecurityOverview], responses=errors(401, 503))
async def security(principal: CurrentPrincipal, container: ContainerDep) -> dict[str, object]:
    """How the person can sign in: password, second factor, passkeys, providers."""
    overview = await container.account.security_overview(principal.user.id)
    return ok(SecurityOverview.model_validate(overview, from_attributes=True))


@router.post(
    "/mfa/totp",
    response_model=Envelope[TotpSetup],
    responses=errors(400, 401, 403, 409, 413, 415, 422, 429, 503),
)
async def start_totp(
    body: TotpStartRequest,
    principal: CurrentPrincipal,
    container: ContainerDep,
    client: Client,
    response: Response,
) -> dict[str, object]:
    """A new secret, not active until confirmed with a code from the app."""
    setup = await container.mfa.start_totp(_proof(principal, body.current_password, client))
    no_store(response)
    return ok(TotpSetup(secret=setup.secret, otpauth_uri=setup.otpauth_uri), "Scan the code")


@router.post(
    "/mfa/totp/confirm",
    response_model=Envelope[RecoveryCodes],
    responses=errors(400, 401, 403, 409, 413, 415, 422, 429, 503),
)
async def confirm_totp(
    body: TotpConfirmRequest,
    principal: CurrentPrincipal,
    container: ContainerDep,
    client: Client,
    response: Response,
) -> dict[str, object]:
    """Turns TOTP on; every other session of the person ends."""
    command = ConfirmTotp(principal.user.id, principal.session_id, body.code, client)
    codes = await container.mfa.confirm_totp(command)
    no_store(response)
    return ok(RecoveryCodes(recovery_codes=codes), "Two-factor authentication is on")


@router.delete(
    "/mfa/totp",
    response_model=Envelope[None],
    responses=errors(400, 401, 403, 409, 413, 415, 422, 429, 503),
)
async def disable_totp(
    body: MfaProtectedRequest,
    principal: CurrentPrincipal,
    container: ContainerDep,
    client: Client,
) -> dict[str, object]:
    proof = _proof(principal, body.current_password, client)
    await container.mfa.disable_totp(ProvenWithCode(proof, body.code))
    return ok(None, "Two-factor authentication is off")


@router.post(
    "/mfa/recovery-codes",
    response_model=Envelope[RecoveryCodes],
    responses=errors(400, 401, 403, 409, 413, 415, 422, 429, 503),
)
async def regenerate_recovery_codes(
    body: MfaProtectedRequest,
    principal: CurrentPrincipal,
    container: ContainerDep,
    client: Client,
    response: Response,
) -> dict[str, object]:
    """Ten new codes; the old ones stop working."""
    proof = _proof(principal, body.current_password, client)
    codes = await container.mfa.regenerate_recovery_codes(ProvenWithCode(proof, body.code))
    no_store(response)
    return ok(RecoveryCodes(recovery_codes=codes), "New recovery codes")
