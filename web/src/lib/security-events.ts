import type { SecurityEventName } from "@/types/api";

// What each security event means to a person. Every name the API has is here
// (a new one fails the type check until it is described).
const DESCRIPTIONS: Record<SecurityEventName, string> = {
  login_succeeded: "Signed in",
  login_failed: "Failed sign-in attempt",
  login_throttled: "Sign-in paused after too many failed attempts",
  rate_limited: "Too many requests",
  refresh_token_reused: "An old sign-in token was used again; that session was ended",
  session_ended: "Signed out",
  all_sessions_ended: "Signed out everywhere",
  password_changed: "Password changed",
  password_reset_requested: "Password reset requested",
  password_reset: "Password reset",
  email_verified: "Email address verified",
  account_deleted: "Account deleted",
  mfa_enabled: "Two-factor authentication turned on",
  mfa_disabled: "Two-factor authentication turned off",
  mfa_failed: "Wrong two-factor code",
  recovery_codes_regenerated: "New recovery codes made",
  recovery_code_used: "Signed in with a recovery code",
  passkey_added: "Passkey added",
  passkey_removed: "Passkey removed",
  passkey_used: "Signed in with a passkey",
  passkey_counter_regressed: "A passkey sign-in was refused: the passkey may have been copied",
  identity_linked: "Sign-in provider connected",
  identity_unlinked: "Sign-in provider disconnected",
  // What administrators do to an account (each event names the administrator as its actor).
  admin_user_updated: "Account details changed by an administrator",
  role_changed: "Role changed",
  admin_user_disabled: "Disabled by an administrator",
  admin_user_enabled: "Enabled by an administrator",
  admin_password_reset: "Password reset link sent by an administrator; every session was ended",
  admin_user_deleted: "Deleted by an administrator",
  admin_session_ended: "Signed out by an administrator",
};

const BY_ADMIN = "by an administrator";

type DescribedEvent = {
  event: SecurityEventName;
  /** The administrator who acted, when it was not the person themselves. */
  actorId?: string | null;
  /** Whom the event concerns, when known (an actor who is the person is no administrator). */
  userId?: string | null;
};

/** "Password changed"; "Disabled by an administrator" when an administrator acted. */
export function describeSecurityEvent({ event, actorId, userId }: DescribedEvent): string {
  const text = DESCRIPTIONS[event];
  const byAdmin = Boolean(actorId) && actorId !== userId;
  if (!byAdmin || text.includes(BY_ADMIN)) return text;
  return `${text} ${BY_ADMIN}`;
}
