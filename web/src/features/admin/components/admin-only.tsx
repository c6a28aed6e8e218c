import type { ReactNode } from "react";

import type { User } from "@/types/api";

import { NotAllowed } from "./not-allowed";

/** Its children for an administrator; "Not allowed" for anyone else (the server checks too). */
export function AdminOnly({ user, children }: { user: User; children: ReactNode }) {
  return user.role === "admin" ? children : <NotAllowed />;
}
