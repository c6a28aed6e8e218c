import { describe, expect, it } from "vitest";

import { groupSecret, recoveryCodesFile } from "./recovery-codes-file";

describe("recoveryCodesFile", () => {
  const codes = ["abcde-fghij", "klmno-pqrst"];
  const text = recoveryCodesFile(codes, "ada@example.com", new Date("2025-03-04T23:59:00Z"));

  it("names the account and the day the codes were made", () => {
    expect(text.split("\n")[0]).toBe("authgate recovery codes for ada@example.com");
    expect(text).toContain("Made on 2025-03-04.");
  });

  it("lists every code on a line of its own, in order, and ends with a newline", () => {
    const lines = text.split("\n");
    expect(lines.slice(-3)).toEqual([...codes, ""]);
    expect(lines.filter((line) => codes.includes(line))).toEqual(codes);
  });
});

describe("groupSecret", () => {
  it("puts a space after every four characters", () => {
    expect(groupSecret("JBSWY3DPEHPK3PXP")).toBe("JBSW Y3DP EHPK 3PXP");
    expect(groupSecret("JBSWY3DPEHPK3PXPA")).toBe("JBSW Y3DP EHPK 3PXP A");
  });

  it("leaves a short secret alone", () => {
    expect(groupSecret("ABC")).toBe("ABC");
    expect(groupSecret("")).toBe("");
  });
});
