"use client";

import Link from "next/link";
import { useId, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDate } from "@/lib/describe-agent";

import type { AdminUser } from "../api/schemas";
import { useGetAdminUser } from "../api/use-get-admin-user";
import { adminErrorMessage, isForbidden, isNotFound } from "../messages";
import { RoleBadge, StatusBadge } from "./badges";
import { NotAllowed } from "./not-allowed";
import { UserActions } from "./user-actions";
import { UserEvents } from "./user-events";
import { UserSessions } from "./user-sessions";

type UserDetailsProps = {
  userId: string;
  /** The administrator looking at the page. */
  viewerId: string;
  onDeleted: () => void;
};

/** One person as an administrator sees them: details, actions, sessions and events. */
export function UserDetails({ userId, viewerId, onDeleted }: UserDetailsProps) {
  const user = useGetAdminUser(userId);
  const headingId = useId();

  if (user.isError && isForbidden(user.error)) return <NotAllowed />;
  if (user.isError && isNotFound(user.error)) {
    return (
      <div role="alert" className="surface flex flex-col gap-2 p-6">
        <p className="text-lg font-semibold">User not found</p>
        <p className="text-muted">
          No one has this id: the account may have been deleted. <Link href="/admin">Back to the users</Link>
        </p>
      </div>
    );
  }
  if (user.isError && !user.data) {
    return (
      <div role="alert" className="flex flex-col items-start gap-4">
        <p>{adminErrorMessage(user.error)}</p>
        <Button variant="secondary" onClick={() => void user.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  if (!user.data) return <UserDetailsSkeleton />;
  const person = user.data;

  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby={headingId} className="surface flex flex-col gap-5 p-6">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 id={headingId} className="truncate text-xl font-semibold">
              {person.name}
            </h2>
            <p className="truncate text-muted">{person.email}</p>
          </div>
          <div className="flex gap-2">
            <RoleBadge role={person.role} />
            <StatusBadge disabled={person.disabled} />
          </div>
        </div>
        <Facts user={person} />
        <UserActions user={person} onDeleted={onDeleted} />
      </section>
      <Section title="Sessions" intro="Where they're signed in. Signing a session out ends it within a second.">
        <UserSessions userId={userId} />
      </Section>
      <Section title="Events" intro="Sign-ins and changes to the account, newest first.">
        <UserEvents userId={userId} viewerId={viewerId} />
      </Section>
    </div>
  );
}

function Facts({ user }: { user: AdminUser }) {
  const facts: [string, ReactNode][] = [
    ["Role", user.role === "admin" ? "Administrator" : "User"],
    ["Status", user.disabled ? "Disabled: cannot sign in" : "Active"],
    ["Email", user.emailVerified ? "Verified" : "Not verified"],
    ["Joined", <time key="joined" dateTime={user.createdAt}>{formatDate(user.createdAt)}</time>],
    [
      "Last sign-in",
      user.lastSignInAt ? <time key="last" dateTime={user.lastSignInAt}>{formatDate(user.lastSignInAt)}</time> : "Never",
    ],
    ["Password", user.hasPassword ? "Set" : "None"],
    ["Two-factor", user.totpEnabled ? "On" : "Off"],
    ["Passkeys", String(user.passkeys)],
    ["Connected accounts", user.identities.length > 0 ? user.identities.join(", ") : "None"],
    ["Active sessions", String(user.activeSessions)],
    ["User ID", <code key="id" className="text-xs break-all">{user.userId}</code>],
  ];
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
      {facts.map(([term, value]) => (
        <div key={term} className="flex flex-col">
          <dt className="text-muted">{term}</dt>
          <dd className="font-medium">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function UserDetailsSkeleton() {
  return (
    <div aria-busy="true" className="flex flex-col gap-6">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-[420px]" />
      <Skeleton className="h-[180px]" />
      <Skeleton className="h-[240px]" />
    </div>
  );
}
