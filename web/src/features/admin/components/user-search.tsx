"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type MouseEvent } from "react";

import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { TextField } from "@/components/ui/text-field";
import { formatDate } from "@/lib/describe-agent";
import { useDebouncedValue } from "@/lib/use-debounced-value";

import type { AdminUser } from "../api/schemas";
import { useSearchUsers } from "../api/use-search-users";
import { adminErrorMessage, isForbidden } from "../messages";
import { RoleBadge, StatusBadge } from "./badges";
import { NotAllowed } from "./not-allowed";

/** Where a person's admin page is: a static export has no dynamic routes, so the id is a query. */
export const adminUserHref = (userId: string): string => `/admin/user?id=${encodeURIComponent(userId)}`;

// A page button that cannot be used looks it (the shared style's dimming is for a request running).
const PAGER = "disabled:cursor-not-allowed disabled:opacity-50";

type Paging = { query: string; cursors: (string | null)[] };

/** "Search users", the table of people, and keyset paging ("Next page", "Previous page"). */
export function UserSearch() {
  const [text, setText] = useState("");
  const query = useDebouncedValue(text.trim());
  // The cursors of the pages seen so far for this query; a new query starts again.
  const [paging, setPaging] = useState<Paging>({ query: "", cursors: [null] });
  const cursors = paging.query === query ? paging.cursors : [null];
  const cursor = cursors.at(-1) ?? null;
  const users = useSearchUsers({ query, cursor });
  const page = users.data;
  // What is on screen is not yet the answer to what is typed: no paging through it.
  const busy = text.trim() !== query || users.isPlaceholderData;

  const goNext = () => {
    if (page?.nextCursor) setPaging({ query, cursors: [...cursors, page.nextCursor] });
  };
  const goBack = () => setPaging({ query, cursors: cursors.slice(0, -1) });

  if (users.isError && isForbidden(users.error)) return <NotAllowed />;

  return (
    <div className="flex flex-col gap-4">
      <div role="search" aria-label="Users" className="max-w-md">
        <TextField
          label="Search users"
          type="search"
          autoComplete="off"
          spellCheck={false}
          hint="The start of a name or an email address."
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      {users.isError ? (
        <div role="alert" className="flex flex-col items-start gap-3">
          <p className="text-danger">{adminErrorMessage(users.error)}</p>
          <Button variant="secondary" onClick={() => void users.refetch()}>
            Try again
          </Button>
        </div>
      ) : page ? (
        <>
          <UsersTable users={page.items} query={query} busy={busy} />
          <nav aria-label="Pages of users" className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" disabled={cursors.length <= 1 || busy} onClick={goBack} className={PAGER}>
              Previous page
            </Button>
            <Button variant="secondary" disabled={!page.nextCursor || busy} onClick={goNext} className={PAGER}>
              Next page
            </Button>
            <span className="text-sm text-muted" aria-live="polite">
              Page {cursors.length}
            </span>
          </nav>
        </>
      ) : (
        <div aria-busy="true" className="flex flex-col gap-2">
          <span className="sr-only">Loading users…</span>
          <Skeleton className="h-10" />
          <Skeleton className="h-64" />
        </div>
      )}
    </div>
  );
}

function UsersTable({ users, query, busy }: { users: AdminUser[]; query: string; busy: boolean }) {
  const router = useRouter();

  if (users.length === 0) {
    return (
      <p className="text-sm text-muted" role="status">
        {query ? `No one's name or email starts with “${query}”.` : "No users yet."}
      </p>
    );
  }

  // The name is the link (keyboard, screen readers, new tabs); a click anywhere on the row opens it too.
  const openRow = (event: MouseEvent, userId: string) => {
    if ((event.target as Element).closest("a")) return;
    router.push(adminUserHref(userId));
  };

  return (
    <div className="surface overflow-x-auto" aria-busy={busy || undefined}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="border-b border-border text-muted">
          <tr>
            <th scope="col" className="px-3 py-3 font-medium">
              Name
            </th>
            {/* Narrow screens show the email under the name instead. */}
            <th scope="col" className="hidden px-3 py-3 font-medium sm:table-cell">
              Email
            </th>
            <th scope="col" className="px-3 py-3 font-medium">
              Role
            </th>
            <th scope="col" className="px-3 py-3 font-medium">
              Status
            </th>
            <th scope="col" className="px-3 py-3 font-medium whitespace-nowrap">
              Last sign-in
            </th>
          </tr>
        </thead>
        <tbody className={`divide-y divide-border ${busy ? "opacity-60" : ""}`}>
          {users.map((user) => (
            <tr
              key={user.userId}
              onClick={(event) => openRow(event, user.userId)}
              className="cursor-pointer hover:bg-[var(--bg)]"
            >
              <td className="max-w-44 px-3 py-3">
                <Link href={adminUserHref(user.userId)} className="block truncate font-medium">
                  {user.name}
                </Link>
                <span className="block truncate text-muted sm:hidden">{user.email}</span>
              </td>
              <td className="hidden max-w-56 truncate px-3 py-3 sm:table-cell" title={user.email}>
                {user.email}
              </td>
              <td className="px-3 py-3">
                <RoleBadge role={user.role} />
              </td>
              <td className="px-3 py-3">
                <StatusBadge disabled={user.disabled} />
              </td>
              <td className="px-3 py-3 text-muted">
                {user.lastSignInAt ? (
                  <time dateTime={user.lastSignInAt}>{formatDate(user.lastSignInAt)}</time>
                ) : (
                  "Never"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
