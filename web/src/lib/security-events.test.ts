import { describe, expect, it } from "vitest";

import { describeSecurityEvent } from "./security-events";

describe("describeSecurityEvent", () => {
  it("describes a person's own events as they are", () => {
    expect(describeSecurityEvent({ event: "password_changed" })).toBe("Password changed");
    expect(describeSecurityEvent({ event: "login_succeeded", actorId: null })).toBe("Signed in");
  });

  it("says when an administrator acted, once", () => {
    expect(describeSecurityEvent({ event: "admin_user_disabled", actorId: "a" })).toBe("Disabled by an administrator");
    expect(describeSecurityEvent({ event: "role_changed", actorId: "a" })).toBe("Role changed by an administrator");
    expect(describeSecurityEvent({ event: "session_ended", actorId: "a", userId: "u" })).toBe(
      "Signed out by an administrator",
    );
  });

  it("does not call the person an administrator of their own account", () => {
    expect(describeSecurityEvent({ event: "role_changed", actorId: "u", userId: "u" })).toBe("Role changed");
  });
});
