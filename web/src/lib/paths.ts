// Pages anyone may see; every other page needs a signed-in person.
const PUBLIC_PATHS = ["/login", "/signup", "/forgot-password", "/reset-password", "/verify-email"];

const stripSlash = (path: string): string => (path.length > 1 ? path.replace(/\/+$/, "") : path);

export const isPublicPath = (path: string): boolean => PUBLIC_PATHS.includes(stripSlash(path));

/** Where to send a signed-out person, remembering the page they wanted. */
export const loginHref = (next: string): string =>
  `/login?next=${encodeURIComponent(stripSlash(next)).replace(/%2F/gi, "/")}`;

/**
 * The `?next=` target after sign-in: only a path on this site. Anything else
 * ("//evil.example", "https://...", "/\\evil") falls back to the home page.
 */
export function safeNextPath(raw: string | null): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  try {
    const url = new URL(raw, window.location.origin);
    if (url.origin !== window.location.origin) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
