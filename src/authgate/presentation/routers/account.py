"""Password reset and email verification by mailed links."""

from __future__ import annotations

from fastapi import APIRouter

from authgate.application.account.forgot_password import ForgotPassword
from authgate.application.account.resend_verification import ResendVerification
from authgate.application.account.reset_password import ResetPassword
from authgate.application.account.verify_email import VerifyEmail
from authgate.domain.values import normalise_email
from authgate.presentation.dependencies import Client, ContainerDep, CurrentPrincipal
from authgate.presentation.envelope import Envelope, ok
from authgate.presentation.rate_limits import (
    ForgotPasswordLimit,
    ResetPasswordLimit,
    VerificationResendLimit,
    VerifyEmailLimit,
)
from authgate.presentation.responses import errors
from authgate.presentation.schemas import (
    ForgotPasswordRequest,
    ResetPasswordRequest,
    UserInfo,
    VerifyEmailRequest,
)

router = APIRouter(prefix="/api/auth", tags=["account"])

FORGOT_ANSWER = "If an account exists for this address, a reset link is on its way"


@router.post(
    "/password/forgot",
    status_code=202,
    response_model=Envelope[None],
    responses=errors(403, 413, 415, 422, 429, 503),
    dependencies=[ForgotPasswordLimit],
)
async def forgot_password(
    body: ForgotPasswordRequest, container: ContainerDep, client: Client
) -> dict[str, object]:
    """The same answer whether or not the account exists (the per-address budget is
    spent first; the per-email one is keyed on the submitted email, real or not)."""
    key = normalise_email(body.email)
    await container.throttle.attempt("password_forgot_account", key, client)
    await container.account.forgot_password(ForgotPassword(body.email, client))
    return ok(None, FORGOT_ANSWER, 202)


@router.post(
    "/password/reset",
    response_model=Envelope[None],
    responses=errors(400, 403, 413, 415, 422, 429, 503),
    dependencies=[ResetPasswordLimit],
)
async def reset_password(
    body: ResetPasswordRequest, container: ContainerDep, client: Client
) -> dict[str, object]:
    """Every session of the person ends; they sign in with the new password.
    Errors: 400 `invalid_reset_token` (unknown, used or expired)."""
    await container.account.reset_password(ResetPassword(body.token, body.new_password, client))
    return ok(None, "Password reset; sign in with the new password")


@router.post(
    "/email/verify",
    response_model=Envelope[UserInfo],
    responses=errors(400, 403, 413, 415, 422, 429, 503),
    dependencies=[VerifyEmailLimit],
)
async def verify_email(
    body: VerifyEmailRequest, container: ContainerDep, client: Client
) -> dict[str, object]:
    """Errors: 400 `invalid_verification_token` (unknown, used or expired)."""
    user = await container.account.verify_email(VerifyEmail(body.token, client))
    return ok(UserInfo.of(user), "Email address verified")


@router.post(
    "/email/verify/resend",
    status_code=202,
    response_model=Envelope[None],
    responses=errors(401, 403, 429, 503),
    dependencies=[VerificationResendLimit],
)
async def resend_verification(
    principal: CurrentPrincipal, container: ContainerDep
) -> dict[str, object]:
    """Mails a fresh link, unless the address is verified already."""
    await container.account.resend_verification(ResendVerification(principal.user.id))
    return ok(None, "If the address still needs verifying, a new link is on its way", 202)
