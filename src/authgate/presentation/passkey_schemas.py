"""Bodies of the passkey endpoints. `options` and `credential` are WebAuthn's own JSON
(camelCase, base64url), passed through untouched."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from authgate.domain.passkeys import Passkey
from authgate.presentation.schemas import (
    EmailField,
    Name,
    OpaqueToken,
    PlainText,
    Request,
)

PasskeyName = Annotated[str, StringConstraints(max_length=100), PlainText]
WebAuthnJson = Annotated[dict[str, Any], Field(description="WebAuthn's own JSON, untouched")]


class CreationOptions(BaseModel):
    options: WebAuthnJson


class ChallengeOptions(BaseModel):
    options: WebAuthnJson
    challenge_token: str


class AddPasskeyRequest(Request):
    credential: WebAuthnJson
    name: PasskeyName | None = None


class RenamePasskeyRequest(Request):
    name: PasskeyName


class PasskeyLoginRequest(Request):
    challenge_token: OpaqueToken
    credential: WebAuthnJson


class PasskeySignupRequest(Request):
    name: Name
    email: EmailField


class PasskeyInfo(BaseModel):
    passkey_id: uuid.UUID
    name: str
    created_at: datetime
    last_used_at: datetime | None

    @classmethod
    def of(cls, passkey: Passkey) -> PasskeyInfo:
        return cls(
            passkey_id=passkey.id,
            name=passkey.name,
            created_at=passkey.created_at,
            last_used_at=passkey.last_used_at,
        )
