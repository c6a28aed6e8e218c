"use client";

import { Skeleton } from "@/components/ui/skeleton";
import { describeAgent, formatDate } from "@/lib/describe-agent";
import { toApiError } from "@/lib/envelope";
import { describeSecurityEvent } from "@/lib/security-events";

import { useGetSecurityEvents, type SecurityEvent } from "../api/use-get-security-events";

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
      <span className="font-medium">{describeSecurityEvent(event)}</span>
      <span className="text-sm text-muted">
        <time dateTime={event.createdAt}>{formatDate(event.createdAt)}</time>
        {where.length > 0 && ` · ${where.join(" · ")}`}
      </span>
    </li>
  );
}
