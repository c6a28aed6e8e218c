import type { User } from "@/types/api";

const BADGE = "inline-block rounded-full border border-current px-2 py-0.5 text-xs font-medium whitespace-nowrap";

export function StatusBadge({ disabled }: { disabled: boolean }) {
  return disabled ? (
    <span className={`${BADGE} text-danger`}>Disabled</span>
  ) : (
    <span className={`${BADGE} text-success`}>Active</span>
  );
}

export function RoleBadge({ role }: { role: User["role"] }) {
  return role === "admin" ? (
    <span className={`${BADGE} text-primary`}>Admin</span>
  ) : (
    <span className={`${BADGE} text-muted`}>User</span>
  );
}
