import { toApiError } from "@/lib/envelope";

// What the errors that removing a way to sign in can meet mean for a person:
// removing a passkey and disconnecting a provider both answer them.

export const LAST_SIGN_IN_METHOD =
  "This is the last way you can sign in, so it can't be removed. Set a password, add a passkey or connect another account first.";

export const REAUTHENTICATION_REQUIRED =
  "For your safety this needs a recent sign-in. Sign out, sign in again, and try within 10 minutes.";

export const ACCOUNT_DISABLED = "This account is disabled. Ask an administrator to enable it.";

const MESSAGES: Record<string, string> = {
  account_disabled: ACCOUNT_DISABLED,
  last_sign_in_method: LAST_SIGN_IN_METHOD,
  reauthentication_required: REAUTHENTICATION_REQUIRED,
};

/** A failed request's message, with the sign-in method codes (and a disabled account) explained. */
export function signInMethodMessage(error: unknown): string {
  const apiError = toApiError(error);
  return (apiError.error && MESSAGES[apiError.error]) || apiError.message;
}
