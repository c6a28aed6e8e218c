"""Request and response bodies of the JSON API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from authgate.domain.events import UserProfile
from authgate.domain.models import Session, User
from authgate.domain.values import (
    has_control_characters,
    normalise_email,
    password_length_problem,
)


def _plain_text(value: str) -> str:
    """Names, emails, tokens and codes never hold control characters (NUL, CR, LF, ...)."""
    if has_control_characters(value):
        raise ValueError("Must not contain control characters")
    return value


def _no_surrogates(value: str) -> str:
    """A password may hold any character a keyboard can type; a lone surrogate is none."""
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError("Must not contain unpaired surrogates")
    return value


def _valid_email(value: str) -> str:
    try:
        validate_email(normalise_email(value), check_deliverability=False)
    except EmailNotValidError:
        raise ValueError("Enter a valid email address") from None
    return normalise_email(value)


def _valid_password(value: str) -> str:
    problem = password_length_problem(value)
    if problem:
        raise ValueError(problem)
    return value


_http_url = TypeAdapter(HttpUrl)


def _valid_avatar_url(value: str) -> str | None:
    """An absolute http(s) URL, kept as typed; an empty one clears the avatar as null does."""
    value = value.strip()
    if not value:
        return None
    try:
        _http_url.validate_python(value)
    except ValidationError:
        raise ValueError("Enter an http or https URL") from None
    if any(ch.isspace() for ch in value) or not value.isprintable():
        raise ValueError("Enter an http or https URL")
    return value


def _valid_name(value: str) -> str:
    if not value.strip():
        raise ValueError("Name must not be empty")
    return value.strip()


PlainText = AfterValidator(_plain_text)
EmailField = Annotated[
    str, StringConstraints(max_length=320), PlainText, AfterValidator(_valid_email)
]
# The raw length cap only stops absurd inputs; the real rule counts NFKC code points.
NewPassword = Annotated[
    str,
    StringConstraints(max_length=1024),
    AfterValidator(_no_surrogates),
    AfterValidator(_valid_password),
]
AnyPassword = Annotated[str, StringConstraints(max_length=1024), AfterValidator(_no_surrogates)]
Name = Annotated[str, StringConstraints(max_length=200), PlainText, AfterValidator(_valid_name)]
OpaqueToken = Annotated[str, StringConstraints(max_length=512), PlainText]
AvatarUrl = Annotated[
    str, StringConstraints(max_length=2048), PlainText, AfterValidator(_valid_avatar_url)
]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignupRequest(Request):
    name: Name
    email: EmailField
    password: NewPassword


class LoginRequest(Request):
    email: Annotated[str, StringConstraints(min_length=1, max_length=320), PlainText]
    password: AnyPassword


class RefreshRequest(Request):
    refresh_token: OpaqueToken


class LogoutRequest(Request):
    refresh_token: OpaqueToken | None = None


class ProfileUpdate(Request):
    """Only the fields sent are changed; `avatar_url: null` removes the avatar."""

    name: Name | None = None
    avatar_url: AvatarUrl | None = None

    @field_validator("name")
    @classmethod
    def _name_not_null(cls, value: str | None) -> str:
        if value is None:  # only an explicit null gets here; a left-out name is not checked
            raise ValueError("Name must not be empty")
        return value


class ChangePasswordRequest(Request):
    """`current_password` may be left out only by an account that has no password yet."""

    current_password: AnyPassword | None = None
    new_password: NewPassword


class DeleteAccountRequest(Request):
    """`password` is required when the account has one; else a recent sign-in is."""

    password: AnyPassword | None = None


class CurrentPasswordRequest(Request):
    """A sensitive change: the password when the account has one (else a recent
    sign-in stands in for it)."""

    current_password: AnyPassword | None = None


class ForgotPasswordRequest(Request):
    email: EmailField


class ResetPasswordRequest(Request):
    token: OpaqueToken
    new_password: NewPassword


class VerifyEmailRequest(Request):
    token: OpaqueToken


class UserInfo(BaseModel):
    user_id: uuid.UUID
    name: str
    email: str
    avatar_url: str | None
    email_verified: bool
    created_at: datetime
    role: Literal["user", "admin"]

    @classmethod
    def of(cls, user: User | UserProfile) -> UserInfo:
        return cls(
            user_id=user.id,
            name=user.name,
            email=user.email,
            avatar_url=user.avatar_url,
            email_verified=user.email_verified,
            created_at=user.created_at,
            role="admin" if user.role == "admin" else "user",
        )


class LoginData(BaseModel):
    user: UserInfo
    expires_in: int = Field(description="Seconds until the access token expires")


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int


class SessionInfo(BaseModel):
    session_id: uuid.UUID
    created_at: datetime
    last_used_at: datetime
    authenticated_at: datetime
    methods: list[str] = Field(description="How the session's sign-in proved who it was")
    user_agent: str | None
    ip: str | None
    current: bool

    @classmethod
    def of(cls, session: Session, current_id: uuid.UUID) -> SessionInfo:
        return cls(
            session_id=session.id,
            created_at=session.created_at,
            last_used_at=session.last_used_at,
            authenticated_at=session.authenticated_at or session.created_at,
            methods=list(session.methods),
            user_agent=session.user_agent,
            ip=session.ip,
            current=session.id == current_id,
        )


class OAuthToken(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    refresh_token: str


class OAuthError(BaseModel):
    error: str
    error_description: str | None = None
