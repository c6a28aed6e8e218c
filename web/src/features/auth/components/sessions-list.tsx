"use client";

import { useId } from "react";

import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { describeAgent, describeMethods, formatDate } from "@/lib/describe-agent";
import { toApiError } from "@/lib/envelope";
import { toastError } from "@/lib/form-errors";

import { useDeleteSession } from "../api/use-delete-session";
import { useGetSessions, type Session } from "../api/use-get-sessions";
import { useLogoutAll } from "../api/use-logout-all";

// This browser's session first, then the most recently used.
const byRecency = (a: Session, b: Session) =>
  Number(b.current) - Number(a.current) ||
  b.lastUsedAt.localeCompare(a.lastUsedAt);

export function SessionsList() {
  const sessions = useGetSessions();
  const logoutAll = useLogoutAll();

  return (
    <div className="flex flex-col gap-4">
      {sessions.data ? (
        <ul aria-label="Sessions" className="flex flex-col gap-3">
          {[...sessions.data].sort(byRecency).map((session) => (
            <SessionRow key={session.sessionId} session={session} />
          ))}
        </ul>
      ) : sessions.isError ? (
        <p role="alert" className="text-danger">
          {toApiError(sessions.error).message}
        </p>
      ) : (
        <div aria-busy="true" className="flex flex-col gap-3">
          <span className="sr-only">Loading sessions…</span>
          <Skeleton className="h-28" />
          <Skeleton className="h-28" />
        </div>
      )}
      <div>
        <Button
          variant="danger"
          pending={logoutAll.isPending}
          onClick={() => logoutAll.mutate(undefined, { onError: toastError })}
        >
          Sign out everywhere
        </Button>
      </div>
    </div>
  );
}

function SessionRow({ session }: { session: Session }) {
  const id = useId();
  const deleteSession = useDeleteSession();
  const onSignOut = () => deleteSession.mutate(session, { onError: toastError });

  return (
    <li
      aria-labelledby={`${id}-title ${id}-ip`}
      className="surface flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between"
    >
      <div className="min-w-0">
        <p id={`${id}-title`} className="font-medium">
          {describeAgent(session.userAgent)}{" "}
          {session.current && (
            <span className="ms-2 rounded-full border border-current px-2 py-0.5 text-xs text-success">
              This device
            </span>
          )}
        </p>
        <p id={`${id}-ip`} className="text-sm text-muted">
          {session.ip ?? "Unknown address"}
        </p>
        <p className="text-sm text-muted">
          Signed in <time dateTime={session.authenticatedAt}>{formatDate(session.authenticatedAt)}</time> with{" "}
          {describeMethods(session.methods)} · Last used{" "}
          <time dateTime={session.lastUsedAt}>{formatDate(session.lastUsedAt)}</time>
        </p>
        {session.userAgent && (
          <p className="truncate text-xs text-muted" title={session.userAgent}>
            {session.userAgent}
          </p>
        )}
      </div>
      <Button variant="secondary" pending={deleteSession.isPending} onClick={onSignOut} className="shrink-0">
        Sign out
      </Button>
    </li>
  );
}
