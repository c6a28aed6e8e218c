import { describe, expect, it } from "vitest";

import { describeMethods } from "./describe-agent";

describe("describeMethods", () => {
  it("names the factors of a sign-in in order", () => {
    expect(describeMethods(["password"])).toBe("password");
    expect(describeMethods(["password", "totp"])).toBe("password and authenticator app");
    expect(describeMethods(["password", "recovery_code"])).toBe("password and recovery code");
  });

  it("reads a provider as its name and keeps an unknown method as it is", () => {
    expect(describeMethods(["oidc:github"])).toBe("github");
    expect(describeMethods(["a", "b", "c"])).toBe("a, b and c");
  });

  it("says so when there is nothing to describe", () => {
    expect(describeMethods([])).toBe("unknown");
  });
});
