// Reads a failed request's HTTP status without importing axios, so that code
// every page loads (the query client) does not pull in the HTTP client.

/** The status of an axios error's response; undefined for anything else. */
export function responseStatus(thrown: unknown): number | undefined {
  if (typeof thrown !== "object" || thrown === null) return undefined;
  const error = thrown as { isAxiosError?: unknown; response?: { status?: unknown } };
  if (error.isAxiosError !== true) return undefined;
  const status = error.response?.status;
  return typeof status === "number" ? status : undefined;
}

export const isUnauthorized = (thrown: unknown): boolean => responseStatus(thrown) === 401;
