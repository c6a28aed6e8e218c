// What a failed trip to a sign-in provider means. The service sends the person
// back to /login?error=<code> (or /account?error=<code> when connecting a
// provider failed); these are the messages for those codes (API.md).

export type ErrorPage = "login" | "link";

const MESSAGES: Readonly<Record<string, string>> = {
  oidc_state_invalid:
    "That sign-in took too long, was already used, or was started in another browser. Please try again.",
  oidc_provider_error: "The provider did not complete the sign-in (it may have been cancelled). Please try again.",
  oidc_token_invalid: "We could not verify the provider's answer, so you are not signed in. Please try again.",
  oidc_account_exists:
    "An account with this email already exists: sign in with your password, then connect the provider from your account page",
  oidc_identity_in_use: "That provider account is already connected to another account here.",
  oidc_email_missing:
    "The provider did not share an email address, and an account needs one. Allow it to share your email, or sign up with a password.",
  account_disabled: "This account has been disabled. Contact the people who run this service.",
  service_unavailable: "The service is unavailable for a moment. Please try again shortly.",
  reauthentication_required: "Sign in again, then connect the provider within 10 minutes",
};

const GENERIC: Record<ErrorPage, string> = {
  login: "Signing in with the provider did not work. Please try again.",
  link: "Connecting the provider did not work. Please try again.",
};

/** The message for an `error=` code; a generic one for a code it does not know. */
export function providerErrorMessage(code: string, page: ErrorPage): string {
  return Object.hasOwn(MESSAGES, code) ? (MESSAGES[code] ?? GENERIC[page]) : GENERIC[page];
}

/**
 * Where "Continue with ..." and "Connect" go: the service's authorize route,
 * a full page load. `next` is kept readable (its slashes unescaped).
 */
export function authorizeHref(provider: string, options: { next: string; intent?: "link" }): string {
  const params = new URLSearchParams();
  if (options.intent) params.set("intent", options.intent);
  params.set("next", options.next);
  const query = params.toString().replace(/%2F/gi, "/");
  return `/api/auth/oidc/${encodeURIComponent(provider)}/authorize?${query}`;
}
