// Pages anyone may see; every other page needs a signed-in person.
const PUBLIC_PATHS = ["/login", "/login/verify", "/signup", "/forgot-password", "/reset-password", "/verify-email"];

const stripSlash = (path: string): string => (path.length > 1 ? path.replace(/\/+$/, "") : path);

export const isPublicPath = (path: string): boolean => PUBLIC_PATHS.includes(stripSlash(path));

/** Where to send a signed-out person, remembering the page they wanted. */
export const loginHref = (next: string): string =>
  `/login?next=${encodeURIComponent(stripSlash(next)).replace(/%2F/gi, "/")}`;

/** The second-factor step of a sign-in, keeping the page the person wanted. */
export const verifyHref = (next: string | null): string =>
  next ? `/login/verify?next=${encodeURIComponent(next)}` : "/login/verify";

/** Back to the start of a sign-in, keeping the page the person wanted. */
export const restartHref = (next: string | null): string =>
  next ? `/login?next=${encodeURIComponent(next)}` : "/login";

/**
 * The `?next=` target after sign-in: only a path on this site. The check is on
 * the resolved URL, not on `raw`: "/.//evil.example" normalises to
 * "//evil.example", which a router would take for another host.
 */
export function safeNextPath(raw: string | null, origin: string = window.location.origin): string {
  if (!raw) return "/";
  try {
    const url = new URL(raw, origin);
    if (url.origin !== origin || /^\/[/\\]/.test(url.pathname)) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
