import { toApiError } from "@/lib/envelope";
import { toast } from "@/lib/toast";

/**
 * A 409 means the page is out of date (TOTP was turned on or off elsewhere, or
 * its setup was replaced): say so; the caller reloads the state and starts over.
 */
export function isOutOfDate(error: unknown): boolean {
  const apiError = toApiError(error);
  if (apiError.status !== 409) return false;
  toast.error(apiError.message);
  return true;
}
