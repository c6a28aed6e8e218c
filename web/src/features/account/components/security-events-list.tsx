"use client";

import { Skeleton } from "@/components/ui/skeleton";
import { describeAgent, formatDate } from "@/lib/describe-agent";
import { toApiError } from "@/lib/envelope";
import type { SecurityEventName } from "@/types/api";

import { useGetSecurityEvents, type SecurityEvent } from "../api/use-get-security-events";

// Every name the API has (a new one fails the type check until it is described here).
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
};

const SHOWN = 10;

export function SecurityEventsList() {
  const events = useGetSecurityEvents();

  if (events.isError) {
    return (
      <p role="alert" className="text-danger">
        {toApiError(events.error).message}
      </p>
    );
  }
  if (!events.data) {
    return (
      <div aria-busy="true">
        <span className="sr-only">Loading recent activity…</span>
        <Skeleton className="h-40" />
      </div>
    );
  }
  if (events.data.length === 0) return <p className="text-sm text-muted">Nothing yet.</p>;
  return (
    <ul aria-label="Recent activity" className="flex flex-col divide-y divide-border">
      {events.data.slice(0, SHOWN).map((event, index) => (
        <EventRow key={`${event.createdAt}-${index}`} event={event} />
      ))}
    </ul>
  );
}

function EventRow({ event }: { event: SecurityEvent }) {
  const where = [event.userAgent && describeAgent(event.userAgent), event.ip].filter(Boolean);
  return (
    <li className="flex flex-col gap-0.5 py-2 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
      <span className="font-medium">{DESCRIPTIONS[event.event]}</span>
      <span className="text-sm text-muted">
        <time dateTime={event.createdAt}>{formatDate(event.createdAt)}</time>
        {where.length > 0 && ` · ${where.join(" · ")}`}
      </span>
    </li>
  );
}
