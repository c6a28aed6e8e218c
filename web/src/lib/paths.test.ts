import { describe, expect, it } from "vitest";

import { restartHref, safeNextPath, verifyHref } from "./paths";

const ORIGIN = "http://127.0.0.1:8000";
const next = (raw: string | null) => safeNextPath(raw, ORIGIN);

describe("safeNextPath", () => {
  it.each([
    "/.//evil.example/phish",
    "/..//evil.example/phish",
    "/%2e//evil.example/phish",
    "/./\\evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example/phish",
    "https://evil.example",
    "javascript:alert(1)",
  ])("sends %s home", (raw) => {
    expect(next(raw)).toBe("/");
  });

  it("keeps a path on this site, with its query and fragment", () => {
    expect(next("/account")).toBe("/account");
    expect(next("/account?tab=1#x")).toBe("/account?tab=1#x");
    expect(next(`${ORIGIN}/account`)).toBe("/account");
  });

  it("sends a missing target home", () => {
    expect(next(null)).toBe("/");
    expect(next("")).toBe("/");
  });
});

describe("verifyHref and restartHref", () => {
  it("keep the page the person wanted, encoded", () => {
    expect(verifyHref("/account?tab=1")).toBe("/login/verify?next=%2Faccount%3Ftab%3D1");
    expect(restartHref("/account")).toBe("/login?next=%2Faccount");
  });

  it("leave out a missing target", () => {
    expect(verifyHref(null)).toBe("/login/verify");
    expect(restartHref("")).toBe("/login");
  });
});
