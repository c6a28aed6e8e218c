"""Domain errors. Each carries a stable machine code; presentation maps them to HTTP."""


class DomainError(Exception):
    code = "domain_error"
    message = "The request could not be completed"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message


class EmailTaken(DomainError):
    code = "email_taken"
    message = "An account with this email already exists"


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    message = "Invalid email or password"


class PasswordTooWeak(DomainError):
    code = "password_too_weak"
    message = "This password is too common or too easy to guess"

    def __init__(self, field: str = "password") -> None:
        super().__init__()
        self.field = field


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    message = "Authentication required"


class InvalidToken(DomainError):
    code = "invalid_token"
    message = "The access token is invalid"


class UnknownSigningKey(InvalidToken):
    """A `kid` this process has not loaded yet: another process may have just made it
    (a first key, or `keys rotate --now`); worth one reload before refusing."""


class TokenExpired(DomainError):
    code = "token_expired"
    message = "The access token has expired"


class InvalidRefreshToken(DomainError):
    code = "invalid_refresh_token"
    message = "The refresh token is invalid or expired"


class RefreshTokenReused(DomainError):
    code = "refresh_token_reused"
    message = "This refresh token was already used; the session has been ended"


class SessionNotFound(DomainError):
    code = "session_not_found"
    message = "Session not found"


class InvalidCurrentPassword(DomainError):
    code = "invalid_current_password"
    message = "The current password is incorrect"


class InvalidResetToken(DomainError):
    code = "invalid_reset_token"
    message = "The reset link is invalid or has expired"


class InvalidVerificationToken(DomainError):
    code = "invalid_verification_token"
    message = "The verification link is invalid or has expired"


class RateLimited(DomainError):
    code = "rate_limited"
    message = "Too many attempts; try again later"

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.retry_after = max(1, retry_after)


class Conflict(DomainError):
    """A write broke a uniqueness rule (raised by a unit of work's commit)."""

    code = "conflict"
    message = "The request conflicts with existing data"


class ServiceUnavailable(DomainError):
    """A store the service depends on is unreachable, or the service is overloaded."""

    code = "service_unavailable"
    message = "The service is temporarily unavailable; try again shortly"

    def __init__(self, retry_after: int = 5) -> None:
        super().__init__()
        self.retry_after = max(1, retry_after)


class AccountDisabled(DomainError):
    code = "account_disabled"
    message = "This account is disabled"


class ReauthenticationRequired(DomainError):
    code = "reauthentication_required"
    message = "Sign in again to do this"


class InvalidMfaCode(DomainError):
    """A wrong code where an account's second factor is managed (400)."""

    code = "invalid_mfa_code"
    message = "The authentication code is not valid"


class InvalidMfaLoginCode(InvalidMfaCode):
    """A wrong code at the sign-in step (401: the sign-in failed)."""


class InvalidMfaToken(DomainError):
    code = "invalid_mfa_token"
    message = "The sign-in step has expired; sign in again"


class TotpAlreadyEnabled(DomainError):
    code = "totp_already_enabled"
    message = "Two-factor authentication is already on"


class TotpNotPending(DomainError):
    code = "totp_not_pending"
    message = "Start the two-factor set-up first"


class TotpNotEnabled(DomainError):
    code = "totp_not_enabled"
    message = "Two-factor authentication is off"


class InvalidPasskey(DomainError):
    """A WebAuthn answer that does not verify (400 where a passkey is added)."""

    code = "invalid_passkey"
    message = "The passkey could not be verified"


class InvalidPasskeyLogin(InvalidPasskey):
    """The same at sign-in (401: the sign-in failed)."""


class PasskeyNotFound(DomainError):
    code = "passkey_not_found"
    message = "Passkey not found"


class LastSignInMethod(DomainError):
    code = "last_sign_in_method"
    message = "This is the last way to sign in to the account; add another first"


class ProviderNotFound(DomainError):
    code = "provider_not_found"
    message = "No such sign-in provider"


class OidcFailure(DomainError):
    """A trip to a provider that cannot end in a sign-in; `code` names why, and the
    browser is sent back with it (never a JSON page)."""

    def __init__(self, code: str, linking: bool = False) -> None:
        super().__init__(code.replace("_", " "))
        self.code, self.linking = code, linking


OIDC_STATE_INVALID = "oidc_state_invalid"
OIDC_PROVIDER_ERROR = "oidc_provider_error"
OIDC_TOKEN_INVALID = "oidc_token_invalid"
OIDC_ACCOUNT_EXISTS = "oidc_account_exists"
OIDC_IDENTITY_IN_USE = "oidc_identity_in_use"
OIDC_EMAIL_MISSING = "oidc_email_missing"


class IdentityNotFound(DomainError):
    code = "identity_not_found"
    message = "No such linked provider"


class Forbidden(DomainError):
    code = "forbidden"
    message = "You are not allowed to do this"


class UserNotFound(DomainError):
    code = "user_not_found"
    message = "User not found"


class LastAdmin(DomainError):
    code = "last_admin"
    message = "The last administrator cannot be demoted, disabled or deleted"


class InvalidCursor(DomainError):
    code = "validation_error"
    message = "The cursor is not valid"
    field = "cursor"
