import type { User } from "@/types/api";

/** The person's picture (or initials), name and email address. */
export function UserSummary({ user }: { user: User }) {
  return (
    <div className="surface flex items-center gap-4 p-6">
      <Avatar user={user} />
      <div className="min-w-0">
        <p className="truncate text-lg font-semibold">{user.name}</p>
        <p className="truncate text-muted">{user.email}</p>
      </div>
    </div>
  );
}

function Avatar({ user }: { user: User }) {
  if (user.avatarUrl) {
    // A picture at any address the person chose: no image optimiser in a static export.
    // eslint-disable-next-line @next/next/no-img-element
    return <img src={user.avatarUrl} alt="" width={56} height={56} className="size-14 shrink-0 rounded-full object-cover" />;
  }
  const initials = user.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("");
  return (
    <span
      aria-hidden="true"
      className="flex size-14 shrink-0 items-center justify-center rounded-full bg-primary text-lg font-semibold text-[var(--on-primary)]"
    >
      {initials || "?"}
    </span>
  );
}
