import { describe, expect, it } from "vitest";

import { PASSKEYS_UNSUPPORTED, PasskeysUnsupportedError, passkeyErrorMessage, passkeySupport } from "./support";

const credentials = { create: () => null, get: () => null };

function pkc(json: boolean): unknown {
  function PublicKeyCredential() {}
  if (json) {
    Object.assign(PublicKeyCredential, {
      parseCreationOptionsFromJSON: () => ({}),
      parseRequestOptionsFromJSON: () => ({}),
    });
    PublicKeyCredential.prototype.toJSON = () => ({});
  }
  return PublicKeyCredential;
}

describe("passkeySupport", () => {
  it("finds the Level 3 JSON methods", () => {
    expect(passkeySupport({ PublicKeyCredential: pkc(true), navigator: { credentials } })).toBe("json");
  });

  it("falls back when WebAuthn has no JSON methods", () => {
    expect(passkeySupport({ PublicKeyCredential: pkc(false), navigator: { credentials } })).toBe("legacy");
  });

  it("says none without WebAuthn", () => {
    expect(passkeySupport({ navigator: { credentials } })).toBe("none");
    expect(passkeySupport({ PublicKeyCredential: pkc(true), navigator: {} })).toBe("none");
    expect(passkeySupport({})).toBe("none");
  });

  it("says none here in Node", () => {
    expect(passkeySupport()).toBe("none");
  });
});

const domError = (name: string) => Object.assign(new Error("x"), { name });

describe("passkeyErrorMessage", () => {
  it("explains a cancelled prompt", () => {
    expect(passkeyErrorMessage(domError("NotAllowedError"), "sign-in")).toMatch(/cancelled/);
    expect(passkeyErrorMessage(domError("NotAllowedError"), "create")).toMatch(/cancelled.*Nothing was changed/);
    expect(passkeyErrorMessage(domError("AbortError"), "create")).toMatch(/cancelled/);
  });

  it("explains a passkey that already exists on the device", () => {
    expect(passkeyErrorMessage(domError("InvalidStateError"), "create")).toMatch(/already holds a passkey/);
  });

  it("explains a browser without passkeys", () => {
    expect(passkeyErrorMessage(new PasskeysUnsupportedError(), "sign-in")).toBe(PASSKEYS_UNSUPPORTED);
    expect(passkeyErrorMessage(domError("NotSupportedError"), "create")).toBe(PASSKEYS_UNSUPPORTED);
  });

  it("leaves other errors to the caller", () => {
    expect(passkeyErrorMessage(new Error("network"), "sign-in")).toBeNull();
    expect(passkeyErrorMessage({ isAxiosError: true }, "sign-in")).toBeNull();
    expect(passkeyErrorMessage(null, "sign-in")).toBeNull();
  });
});
