"use client";

import { useId } from "react";

import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { describeAgent, describeMethods, formatDate } from "@/lib/describe-agent";
import { isUnauthorized } from "@/lib/http-status";
import { toast } from "@/lib/toast";

import type { AdminSession } from "../api/schemas";
import { useEndUserSession } from "../api/use-end-user-session";
import { useGetUserSessions } from "../api/use-get-user-sessions";
import { adminErrorMessage } from "../messages";

const byRecency = (a: AdminSession, b: AdminSession) => b.lastUsedAt.localeCompare(a.lastUsedAt);

/** A person's sessions, each with "Sign out". */
export function UserSessions({ userId }: { userId: string }) {
  const sessions = useGetUserSessions(userId);

  if (sessions.isError) {
    return (
      <p role="alert" className="text-danger">
        {adminErrorMessage(sessions.error)}
      </p>
    );
  }
  if (!sessions.data) {
    return (
      <div aria-busy="true">
        <span className="sr-only">Loading sessions…</span>
        <Skeleton className="h-24" />
      </div>
    );
  }
  if (sessions.data.length === 0) return <p className="text-sm text-muted">Not signed in anywhere.</p>;
  return (
    <ul aria-label="Their sessions" className="flex flex-col gap-3">
      {[...sessions.data].sort(byRecency).map((session) => (
        <SessionRow key={session.sessionId} userId={userId} session={session} />
      ))}
    </ul>
  );
}

function SessionRow({ userId, session }: { userId: string; session: AdminSession }) {
  const id = useId();
  const end = useEndUserSession();
  const onSignOut = () =>
    end.mutate(
      { userId, sessionId: session.sessionId },
      {
        onSuccess: () => toast.success(`Signed out of ${describeAgent(session.userAgent)}.`),
        onError: (error) => {
          if (!isUnauthorized(error)) toast.error(adminErrorMessage(error));
        },
      },
    );

  return (
    <li
      aria-labelledby={`${id}-title ${id}-ip`}
      className="surface flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between"
    >
      <div className="min-w-0">
        <p id={`${id}-title`} className="font-medium">
          {describeAgent(session.userAgent)}
        </p>
        <p id={`${id}-ip`} className="text-sm text-muted">
          {session.ip ?? "Unknown address"}
        </p>
        <p className="text-sm text-muted">
          Signed in <time dateTime={session.authenticatedAt}>{formatDate(session.authenticatedAt)}</time> with{" "}
          {describeMethods(session.methods)} · Last used{" "}
          <time dateTime={session.lastUsedAt}>{formatDate(session.lastUsedAt)}</time>
        </p>
      </div>
      <Button variant="secondary" pending={end.isPending} onClick={onSignOut} className="shrink-0">
        Sign out
      </Button>
    </li>
  );
}
