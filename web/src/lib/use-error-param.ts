"use client";

import { useEffect } from "react";

/**
 * Runs `show` once after the first render when the address has `?error=`.
 * `show` is usually a dynamic import, so pages without an error load nothing.
 */
export function useErrorParam(show: () => void): void {
  useEffect(() => {
    if (new URLSearchParams(window.location.search).has("error")) show();
    // Once, for the address the page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
