import { describe, expect, it } from "vitest";

import { camelizeKeys, snakeizeKeys } from "./case";

describe("key case conversion", () => {
  it("converts ordinary keys both ways, nested and in lists", () => {
    expect(camelizeKeys({ user_id: 1, list: [{ last_used_at: null }] })).toEqual({
      userId: 1,
      list: [{ lastUsedAt: null }],
    });
    expect(snakeizeKeys({ currentPassword: "x", nested: { challengeToken: "t" } })).toEqual({
      current_password: "x",
      nested: { challenge_token: "t" },
    });
  });

  it("passes WebAuthn's own JSON through untouched on the way out", () => {
    const credential = {
      id: "abc",
      rawId: "abc",
      type: "public-key",
      response: { clientDataJSON: "e30", attestationObject: "o2Nm", authenticatorData: "AA" },
      clientExtensionResults: { credProps: { rk: true } },
      authenticatorAttachment: "platform",
    };
    const body = snakeizeKeys({ challengeToken: "t", credential }) as Record<string, unknown>;
    expect(body).toEqual({ challenge_token: "t", credential });
    expect(body.credential).toBe(credential);
  });

  it("passes WebAuthn's own JSON through untouched on the way in", () => {
    const options = {
      challenge: "c",
      rp: { id: "localhost", name: "authgate" },
      user: { id: "u", name: "ada@example.com", displayName: "Ada" },
      pubKeyCredParams: [{ type: "public-key", alg: -7 }],
      authenticatorSelection: { residentKey: "required", user_verification_odd_key: "kept" },
    };
    const data = camelizeKeys({ data: { options, challenge_token: "t" } }) as {
      data: Record<string, unknown>;
    };
    expect(data.data.options).toBe(options);
    expect(data.data.challengeToken).toBe("t");
  });
});
