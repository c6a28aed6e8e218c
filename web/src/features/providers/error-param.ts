import { toast } from "@/lib/toast";

import { providerErrorMessage, type ErrorPage } from "./messages";

/**
 * Shows the message for the page's `?error=` (a provider's failed trip) in a
 * toast, once, and takes `error` out of the address bar so that a reload or a
 * shared link does not show it again. Loaded by the page only when there is one.
 */
export function showErrorParam(page: ErrorPage): void {
  const url = new URL(window.location.href);
  const code = url.searchParams.get("error");
  if (code === null) return;
  url.searchParams.delete("error");
  // null state: Next's router takes the new address as its own.
  window.history.replaceState(null, "", url);
  toast.error(providerErrorMessage(code, page));
}
