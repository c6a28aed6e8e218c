"""The signed-in person's own account: profile, password, deletion."""

from __future__ import annotations

from fastapi import APIRouter, Response

from authgate.application.account.change_password import ChangePassword
from authgate.application.account.delete_account import DeleteAccount
from authgate.application.account.update_profile import KEEP, UpdateProfile
from authgate.presentation.cookies import clear_auth_cookies
from authgate.presentation.dependencies import Client, ContainerDep, CurrentPrincipal
from authgate.presentation.envelope import Envelope, ok
from authgate.presentation.responses import errors
from authgate.presentation.schemas import (
    ChangePasswordRequest,
    DeleteAccountRequest,
    ProfileUpdate,
    UserInfo,
)

router = APIRouter(prefix="/api/users", tags=["account"])


@router.patch(
    "/me",
    response_model=Envelope[UserInfo],
    responses=errors(401, 403, 413, 415, 422, 503),
)
async def update_profile(
    body: ProfileUpdate, principal: CurrentPrincipal, container: ContainerDep
) -> dict[str, object]:
    """Changes the fields sent; the next access token carries the new values."""
    command = UpdateProfile(
        principal.user.id,
        name=KEEP if body.name is None else body.name,  # an explicit null is a 422
        avatar_url=body.avatar_url if "avatar_url" in body.model_fields_set else KEEP,
    )
    user = await container.account.update_profile(command)
    return ok(UserInfo.of(user), "Profile updated")


@router.post(
    "/me/password",
    response_model=Envelope[None],
    responses=errors(400, 401, 403, 413, 415, 422, 503),
)
async def change_password(
    body: ChangePasswordRequest,
    principal: CurrentPrincipal,
    container: ContainerDep,
    client: Client,
) -> dict[str, object]:
    """Changes the password, or sets a first one for an account without (then
    `current_password` is left out). Every other session of the person ends; this one
    stays signed in."""
    await container.account.change_password(
        ChangePassword(
            principal.user.id,
            principal.session_id,
            body.current_password,
            body.new_password,
            client,
            principal.authenticated_at,
        )
    )
    return ok(None, "Password changed")


@router.delete(
    "/me",
    response_model=Envelope[None],
    responses=errors(400, 401, 403, 413, 415, 422, 503),
)
async def delete_account(
    body: DeleteAccountRequest,
    principal: CurrentPrincipal,
    container: ContainerDep,
    client: Client,
    response: Response,
) -> dict[str, object]:
    """Deletes the account with its sessions and tokens; the address can sign up again."""
    command = DeleteAccount(principal.user.id, body.password, client, principal.authenticated_at)
    await container.account.delete_account(command)
    clear_auth_cookies(response, container.settings)
    return ok(None, "Account deleted")
