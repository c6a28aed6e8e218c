"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { toApiError } from "@/lib/envelope";
import { isUnauthorized } from "@/lib/http-status";
import { loginHref } from "@/lib/paths";
import type { User } from "@/types/api";

import { useGetCurrentUser } from "../api/use-get-current-user";

type RequireAuthProps = {
  /** Shown while the current user loads; should be the size of the page. */
  fallback: ReactNode;
  children: (user: User) => ReactNode;
};

/** Renders its children for a signed-in person; sends anyone else to /login. */
export function RequireAuth({ fallback, children }: RequireAuthProps) {
  const router = useRouter();
  const pathname = usePathname();
  const currentUser = useGetCurrentUser();
  const signedOut = currentUser.isError && isUnauthorized(currentUser.error);

  useEffect(() => {
    // Back to this very page after signing in, its query too (`/admin/user?id=`).
    if (signedOut) router.replace(loginHref(`${pathname}${window.location.search}`));
  }, [signedOut, router, pathname]);

  if (currentUser.data) return children(currentUser.data);
  if (currentUser.isError && !signedOut) {
    return (
      <div role="alert" className="flex flex-col items-start gap-4">
        <p>{toApiError(currentUser.error).message}</p>
        <Button variant="secondary" onClick={() => void currentUser.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  return <div aria-busy="true">{fallback}</div>;
}
