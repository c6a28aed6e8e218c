"""The names of security events: one list, shared through the OpenAPI document with
the web app, which words each one for people."""

from __future__ import annotations

from enum import StrEnum


class SecurityEventName(StrEnum):
    LOGIN_SUCCEEDED = "login_succeeded"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    RATE_LIMITED = "rate_limited"
    REFRESH_TOKEN_REUSED = "refresh_token_reused"
    SESSION_ENDED = "session_ended"
    ALL_SESSIONS_ENDED = "all_sessions_ended"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"
    PASSWORD_RESET = "password_reset"
    EMAIL_VERIFIED = "email_verified"
    ACCOUNT_DELETED = "account_deleted"
    MFA_ENABLED = "mfa_enabled"
    MFA_DISABLED = "mfa_disabled"
    MFA_FAILED = "mfa_failed"
    RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated"
    RECOVERY_CODE_USED = "recovery_code_used"
    PASSKEY_ADDED = "passkey_added"
    PASSKEY_REMOVED = "passkey_removed"
    PASSKEY_USED = "passkey_used"
    PASSKEY_COUNTER_REGRESSED = "passkey_counter_regressed"
    IDENTITY_LINKED = "identity_linked"
    IDENTITY_UNLINKED = "identity_unlinked"
    ADMIN_USER_UPDATED = "admin_user_updated"
    ROLE_CHANGED = "role_changed"
    ADMIN_USER_DISABLED = "admin_user_disabled"
    ADMIN_USER_ENABLED = "admin_user_enabled"
    ADMIN_PASSWORD_RESET = "admin_password_reset"
    ADMIN_USER_DELETED = "admin_user_deleted"
    ADMIN_SESSION_ENDED = "admin_session_ended"
