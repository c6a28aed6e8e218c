"""Bodies of the second-factor endpoints."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from authgate.presentation.schemas import AnyPassword, OpaqueToken, PlainText, Request

# A TOTP code (6 digits) or a recovery code (letters and digits; dashes and spaces
# ignored); the cap only stops absurd inputs.
Code = Annotated[str, StringConstraints(min_length=1, max_length=64), PlainText]
Method = Literal["totp", "recovery_code"]


class MfaChallenge(BaseModel):
    """The right password, but a second factor is on: finish at /api/auth/login/mfa."""

    mfa_required: Literal[True] = True
    mfa_token: str
    methods: list[Method]


class MfaLoginRequest(Request):
    mfa_token: OpaqueToken
    code: Code


class TotpStartRequest(Request):
    current_password: AnyPassword | None = None


class TotpConfirmRequest(Request):
    code: Code


class MfaProtectedRequest(Request):
    """Turning TOTP off or making new recovery codes: the owner's proof and a code."""

    current_password: AnyPassword | None = None
    code: Code


class TotpSetup(BaseModel):
    secret: str = Field(description="Base32, for typing into an authenticator app")
    otpauth_uri: str = Field(description="The same secret as an otpauth:// URI (QR code)")


class RecoveryCodes(BaseModel):
    recovery_codes: list[str] = Field(description="Shown this once; each works once")


class SecurityOverview(BaseModel):
    has_password: bool
    totp_enabled: bool
    recovery_codes_left: int
    passkeys: int
    identities: list[str]
