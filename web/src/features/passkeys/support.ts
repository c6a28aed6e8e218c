// What this browser can do with passkeys, and what to tell a person when a
// WebAuthn ceremony fails. Pure and small: the buttons import it on every
// page that has them; the WebAuthn code itself (webauthn.ts) loads on a press.

/**
 * `json`: WebAuthn with the Level 3 JSON methods (parse...FromJSON, toJSON);
 * `legacy`: WebAuthn without them (older Safari and Chrome), served by
 * @simplewebauthn/browser; `none`: no WebAuthn at all (or not a secure page).
 */
export type PasskeySupport = "json" | "legacy" | "none";

type Scope = {
  PublicKeyCredential?: unknown;
  navigator?: { credentials?: { create?: unknown; get?: unknown } };
};

export function passkeySupport(scope: Scope = globalThis as Scope): PasskeySupport {
  const credentials = scope.navigator?.credentials;
  const pkc = scope.PublicKeyCredential;
  if (typeof pkc !== "function" || typeof credentials?.create !== "function" || typeof credentials.get !== "function") {
    return "none";
  }
  const statics = pkc as {
    parseCreationOptionsFromJSON?: unknown;
    parseRequestOptionsFromJSON?: unknown;
    prototype?: { toJSON?: unknown };
  };
  const json =
    typeof statics.parseCreationOptionsFromJSON === "function" &&
    typeof statics.parseRequestOptionsFromJSON === "function" &&
    typeof statics.prototype?.toJSON === "function";
  return json ? "json" : "legacy";
}

/** Thrown before any request when the browser has no WebAuthn. */
export class PasskeysUnsupportedError extends Error {
  override name = "PasskeysUnsupportedError";
}

export const PASSKEYS_UNSUPPORTED =
  "This browser can't use passkeys. Try an up-to-date browser, or use another way to sign in.";

export type Ceremony = "sign-in" | "create";

const CANCELLED: Record<Ceremony, string> = {
  "sign-in": "Signing in with a passkey was cancelled or timed out. Try again when you're ready.",
  create: "Creating a passkey was cancelled or timed out. Nothing was changed.",
};

/**
 * A message for a failed WebAuthn ceremony (the browser's DOMException names),
 * or null when the error did not come from the browser's passkey prompt.
 */
export function passkeyErrorMessage(error: unknown, ceremony: Ceremony): string | null {
  if (error instanceof PasskeysUnsupportedError) return PASSKEYS_UNSUPPORTED;
  const name = typeof error === "object" && error !== null && "name" in error ? error.name : undefined;
  switch (name) {
    // The person closed the prompt, chose no passkey, or let it time out: the
    // browser does not say which, on purpose.
    case "NotAllowedError":
    case "AbortError":
      return CANCELLED[ceremony];
    case "InvalidStateError":
      return ceremony === "create"
        ? "This device already holds a passkey for this account."
        : CANCELLED[ceremony];
    case "NotSupportedError":
      return PASSKEYS_UNSUPPORTED;
    case "SecurityError":
      return "Passkeys don't work on this address. Open the site by its usual name and try again.";
    case "ConstraintError":
      return "This device can't make a passkey that unlocks with your fingerprint, face or PIN.";
    default:
      return null;
  }
}
