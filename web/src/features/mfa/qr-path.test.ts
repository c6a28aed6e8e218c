import { describe, expect, it } from "vitest";

import { qrPath } from "./qr-path";

describe("qrPath", () => {
  it("draws one rectangle per run of dark modules", () => {
    const modules = [
      [true, true, false, true],
      [false, false, false, false],
      [false, true, true, true],
    ];
    expect(qrPath(modules)).toBe("M0 0h2v1h-2zM3 0h1v1h-1zM1 2h3v1h-3z");
  });

  it("draws nothing for a blank grid", () => {
    expect(qrPath([[false, false]])).toBe("");
  });
});
