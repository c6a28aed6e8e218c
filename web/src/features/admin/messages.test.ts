import { AxiosError, AxiosHeaders } from "axios";
import { describe, expect, it } from "vitest";

import { adminErrorMessage, isForbidden, isNotFound, LAST_ADMIN, USER_NOT_FOUND } from "./messages";

/** A failed request as the API client hands it on: the envelope camelCased. */
function failed(status: number, error: string, message = "from the server"): AxiosError {
  const config = { headers: new AxiosHeaders() };
  return new AxiosError("failed", "ERR_BAD_REQUEST", config, null, {
    status,
    statusText: "",
    headers: {},
    config,
    data: { statusCode: status, message, data: null, error },
  });
}

describe("adminErrorMessage", () => {
  it("explains the admin API's codes", () => {
    expect(adminErrorMessage(failed(409, "last_admin"))).toBe(LAST_ADMIN);
    expect(adminErrorMessage(failed(404, "user_not_found"))).toBe(USER_NOT_FOUND);
    expect(adminErrorMessage(failed(403, "forbidden"))).toMatch(/^Not allowed/);
  });

  it("passes any other message through", () => {
    expect(adminErrorMessage(failed(422, "validation_error", "The cursor is not valid"))).toBe(
      "The cursor is not valid",
    );
  });

  it("reads the status", () => {
    expect(isForbidden(failed(403, "forbidden"))).toBe(true);
    expect(isNotFound(failed(404, "user_not_found"))).toBe(true);
    expect(isForbidden(failed(404, "user_not_found"))).toBe(false);
    expect(isForbidden(new Error("offline"))).toBe(false);
  });
});
