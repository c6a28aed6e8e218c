"use client";

import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { describeAgent, formatDate } from "@/lib/describe-agent";
import { describeSecurityEvent } from "@/lib/security-events";

import type { AdminEvent } from "../api/schemas";
import { useGetAdminUser } from "../api/use-get-admin-user";
import { useGetUserEvents } from "../api/use-get-user-events";
import { adminErrorMessage, isNotFound } from "../messages";

type UserEventsProps = {
  userId: string;
  /** The administrator looking: their own actions read "by you". */
  viewerId: string;
};

/** A person's security events, newest first, with who acted when it was an administrator. */
export function UserEvents({ userId, viewerId }: UserEventsProps) {
  const events = useGetUserEvents(userId);

  if (events.isError && !events.data) {
    return (
      <p role="alert" className="text-danger">
        {adminErrorMessage(events.error)}
      </p>
    );
  }
  if (!events.data) {
    return (
      <div aria-busy="true">
        <span className="sr-only">Loading events…</span>
        <Skeleton className="h-40" />
      </div>
    );
  }
  const items = events.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <p className="text-sm text-muted">Nothing yet.</p>;
  return (
    <div className="flex flex-col gap-4">
      <ul aria-label="Their events" className="flex flex-col divide-y divide-border">
        {items.map((event, index) => (
          <EventRow key={`${event.createdAt}-${index}`} event={event} userId={userId} viewerId={viewerId} />
        ))}
      </ul>
      {events.hasNextPage && (
        <div>
          <Button variant="secondary" pending={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
            Older events
          </Button>
        </div>
      )}
    </div>
  );
}

function EventRow({ event, userId, viewerId }: { event: AdminEvent; userId: string; viewerId: string }) {
  const where = [event.userAgent && describeAgent(event.userAgent), event.ip].filter(Boolean);
  const actor = event.actorId && event.actorId !== userId ? event.actorId : null;
  return (
    <li className="flex flex-col gap-0.5 py-2">
      <div className="flex flex-col gap-0.5 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
        <span className="font-medium">{describeSecurityEvent({ ...event, userId })}</span>
        <span className="text-sm text-muted">
          <time dateTime={event.createdAt}>{formatDate(event.createdAt)}</time>
          {where.length > 0 && ` · ${where.join(" · ")}`}
        </span>
      </div>
      {actor && (
        <span className="text-sm text-muted">
          By <ActorName actorId={actor} viewerId={viewerId} />
        </span>
      )}
    </li>
  );
}

/** The administrator who acted: "you", their name and email, or that they are gone. */
function ActorName({ actorId, viewerId }: { actorId: string; viewerId: string }) {
  const actor = useGetAdminUser(actorId, actorId !== viewerId);
  if (actorId === viewerId) return <>you</>;
  if (actor.data) return <>{`${actor.data.name} (${actor.data.email})`}</>;
  if (actor.isError && isNotFound(actor.error)) return <>an administrator whose account was deleted</>;
  return <>an administrator</>;
}
