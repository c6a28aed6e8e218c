// The browser's passkey prompt, with WebAuthn's own JSON in and out. Loaded
// with import() when a passkey button is pressed, never with a page.
//
// Browsers with the Level 3 JSON methods (Chrome and Edge 129+, Firefox 119+,
// Safari 18.4+) do the conversion themselves: PublicKeyCredential.parse...FromJSON
// turns the server's options into what navigator.credentials wants, and
// credential.toJSON() gives the server's format back. Older browsers with
// WebAuthn get the same JSON from @simplewebauthn/browser, a second chunk that
// only they download. Either way the JSON is not touched here.
import { PasskeysUnsupportedError, passkeySupport } from "./support";

/** WebAuthn JSON: creation or request options, or a credential. */
export type WebAuthnJson = Record<string, unknown>;

/** Makes a new passkey from the server's creation options; its JSON for the server. */
export async function createPasskey(options: WebAuthnJson): Promise<WebAuthnJson> {
  const support = passkeySupport();
  if (support === "none") throw new PasskeysUnsupportedError();
  if (support === "legacy") {
    const { startRegistration } = await import("@simplewebauthn/browser");
    return asJson(await startRegistration({ optionsJSON: options as never }));
  }
  const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(
    options as unknown as PublicKeyCredentialCreationOptionsJSON,
  );
  return credentialJson(await navigator.credentials.create({ publicKey }));
}

/** Asks for a passkey (a discoverable one: the server names none); its JSON for the server. */
export async function getPasskey(options: WebAuthnJson): Promise<WebAuthnJson> {
  const support = passkeySupport();
  if (support === "none") throw new PasskeysUnsupportedError();
  if (support === "legacy") {
    const { startAuthentication } = await import("@simplewebauthn/browser");
    return asJson(await startAuthentication({ optionsJSON: options as never }));
  }
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(
    options as unknown as PublicKeyCredentialRequestOptionsJSON,
  );
  return credentialJson(await navigator.credentials.get({ publicKey }));
}

function credentialJson(credential: Credential | null): WebAuthnJson {
  if (!(credential instanceof PublicKeyCredential)) {
    // No credential and no error: treat it as the person stopping.
    throw new DOMException("No passkey was returned", "NotAllowedError");
  }
  return asJson(credential.toJSON());
}

const asJson = (value: unknown): WebAuthnJson => value as WebAuthnJson;
