import { toApiError } from "@/lib/envelope";
import { responseStatus } from "@/lib/http-status";

export const LAST_ADMIN = "The last administrator cannot be demoted, disabled or deleted.";
export const USER_NOT_FOUND = "This person no longer exists: the account was deleted.";
export const FORBIDDEN = "Not allowed: only administrators can do this.";

const MESSAGES: Record<string, string> = {
  last_admin: LAST_ADMIN,
  user_not_found: USER_NOT_FOUND,
  forbidden: FORBIDDEN,
};

/** A failed admin request's message, with the admin API's codes explained. */
export function adminErrorMessage(error: unknown): string {
  const apiError = toApiError(error);
  return (apiError.error && MESSAGES[apiError.error]) || apiError.message;
}

/** The server says this person is no administrator (any more). */
export const isForbidden = (error: unknown): boolean => responseStatus(error) === 403;

export const isNotFound = (error: unknown): boolean => responseStatus(error) === 404;
