"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * The `?token=` of a link from an email, read once and then removed from the
 * address bar, so it stays out of the history and of anything the page sends
 * on. The token is kept in state: the search params no longer hold it then.
 * Render inside <Suspense> (a static export needs it).
 */
export function useLinkToken(): string | null {
  const [token] = useState(useSearchParams().get("token"));

  useEffect(() => {
    if (!token) return;
    const url = new URL(window.location.href);
    url.searchParams.delete("token");
    // null state: Next's router takes the new address as its own.
    window.history.replaceState(null, "", url);
  }, [token]);

  return token;
}
