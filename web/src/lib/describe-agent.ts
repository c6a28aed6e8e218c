// A short, readable name for a User-Agent string ("Firefox on Linux").
const BROWSERS: [RegExp, string][] = [
  [/Edg\//, "Edge"],
  [/OPR\//, "Opera"],
  [/Firefox\//, "Firefox"],
  [/Chrom(e|ium)\//, "Chrome"],
  [/Safari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/Windows/, "Windows"],
  [/Android/, "Android"],
  [/iPhone|iPad/, "iOS"],
  [/Mac OS X/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

const find = (table: [RegExp, string][], ua: string) => table.find(([pattern]) => pattern.test(ua))?.[1];

export function describeAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = find(BROWSERS, userAgent);
  const system = find(SYSTEMS, userAgent);
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent.slice(0, 60);
}

export function formatDate(iso: string | null): string {
  if (!iso) return "never";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}

// How a session's sign-in proved who it was (the session's `methods`).
const METHODS: Record<string, string> = {
  password: "password",
  totp: "authenticator app",
  recovery_code: "recovery code",
  passkey: "passkey",
};

/** "password and authenticator app"; a provider `oidc:<name>` reads as its name. */
export function describeMethods(methods: readonly string[]): string {
  const names = methods.map((method) =>
    method.startsWith("oidc:") ? method.slice("oidc:".length) : (METHODS[method] ?? method),
  );
  if (names.length <= 1) return names[0] ?? "unknown";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
