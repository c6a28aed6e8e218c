import { describe, expect, it } from "vitest";

import { authorizeHref, providerErrorMessage } from "./messages";

describe("providerErrorMessage", () => {
  it.each([
    "oidc_state_invalid",
    "oidc_provider_error",
    "oidc_token_invalid",
    "oidc_account_exists",
    "oidc_identity_in_use",
    "oidc_email_missing",
    "account_disabled",
    "service_unavailable",
    "reauthentication_required",
  ])("has a message of its own for %s", (code) => {
    const message = providerErrorMessage(code, "login");
    expect(message).not.toBe(providerErrorMessage("unknown_code", "login"));
    expect(message.length).toBeGreaterThan(20);
  });

  it("says what API.md says for an existing account and a stale link", () => {
    expect(providerErrorMessage("oidc_account_exists", "login")).toBe(
      "An account with this email already exists: sign in with your password, then connect the provider from your account page",
    );
    expect(providerErrorMessage("reauthentication_required", "link")).toBe(
      "Sign in again, then connect the provider within 10 minutes",
    );
  });

  it("has a generic message for anything else, per page", () => {
    expect(providerErrorMessage("something_new", "login")).toMatch(/Signing in with the provider/);
    expect(providerErrorMessage("something_new", "link")).toMatch(/Connecting the provider/);
    expect(providerErrorMessage("", "login")).toMatch(/Signing in with the provider/);
  });

  it("does not take object properties for codes", () => {
    for (const code of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(providerErrorMessage(code, "login")).toMatch(/Signing in with the provider/);
    }
  });
});

describe("authorizeHref", () => {
  it("signs in and comes back to the page the person wanted", () => {
    expect(authorizeHref("google", { next: "/" })).toBe("/api/auth/oidc/google/authorize?next=/");
    expect(authorizeHref("google", { next: "/account?tab=1&x=2" })).toBe(
      "/api/auth/oidc/google/authorize?next=/account%3Ftab%3D1%26x%3D2",
    );
  });

  it("links a provider from the security page", () => {
    expect(authorizeHref("entra", { next: "/account/security", intent: "link" })).toBe(
      "/api/auth/oidc/entra/authorize?intent=link&next=/account/security",
    );
  });

  it("escapes the provider's name", () => {
    expect(authorizeHref("a/b", { next: "/" })).toBe("/api/auth/oidc/a%2Fb/authorize?next=/");
  });
});
