// The API speaks snake_case; the app speaks camelCase. These convert whole
// JSON trees at the edge (see api-client.ts), so nothing else sees snake_case.
// WebAuthn's own JSON is the exception: the `options` the server sends and the
// `credential` the browser makes are camelCase by their own standard (with keys
// such as `clientDataJSON`) and pass through both ways untouched.

type Json = unknown;

export const toCamel = (key: string): string =>
  key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export const toSnake = (key: string): string =>
  key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function isPlainObject(value: Json): value is Record<string, Json> {
  if (value === null || typeof value !== "object") return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Keys whose values are WebAuthn JSON (API.md, "Passkeys"): kept as they are. */
export const VERBATIM_KEYS: ReadonlySet<string> = new Set(["options", "credential"]);

function convertKeys(value: Json, convert: (key: string) => string): Json {
  if (Array.isArray(value)) return value.map((item) => convertKeys(item, convert));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) =>
      VERBATIM_KEYS.has(key) ? [key, item] : [convert(key), convertKeys(item, convert)],
    ),
  );
}

export const camelizeKeys = (value: Json): Json => convertKeys(value, toCamel);
export const snakeizeKeys = (value: Json): Json => convertKeys(value, toSnake);

type CamelKey<Key extends string> = Key extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelKey<Tail>>}`
  : Key;

/** A JSON type as the app sees it after `camelizeKeys`: the same, with camelCase keys. */
export type Camelized<T> = T extends readonly (infer Item)[]
  ? Camelized<Item>[]
  : T extends object
    ? { [Key in keyof T as Key extends string ? CamelKey<Key> : Key]: Camelized<T[Key]> }
    : T;
