import * as z from "zod/mini";

import type { Camelized } from "@/lib/case";

import { securityEventNameValues, userInfoRoleValues, type components, type paths } from "./api.gen";

// The API's types come from its OpenAPI document (api.gen.ts, generated: see
// scripts/api-types.mjs). The app sees them camelCased, as the client converts
// them at its edge. Zod still checks each answer at run time; every schema
// below `satisfies` its generated type, so a change of the API that the app
// has not followed fails the type check.

type Schemas = components["schemas"];

/** A request or response schema of the API, as the app sees it. */
export type ApiSchema<Name extends keyof Schemas> = Camelized<Schemas[Name]>;

type JsonBody<Operation> = Operation extends {
  requestBody?: { content: { "application/json": infer Body } };
}
  ? NonNullable<Body>
  : never;

/**
 * The JSON body of an operation, by path and method, as the app sees it: for
 * bodies whose schema name says little (`{current_password?}` has several).
 */
export type ApiRequestBody<Path extends keyof paths, Method extends keyof paths[Path]> = Camelized<
  JsonBody<paths[Path][Method]>
>;

/** Checks a Zod schema against the API's type of the same thing. */
export type Parses<Name extends keyof Schemas> = z.ZodMiniType<ApiSchema<Name>>;

// User info as every user endpoint returns it.
export const userSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  avatarUrl: z.nullable(z.string()),
  emailVerified: z.boolean(),
  createdAt: z.string(),
  role: z.enum(userInfoRoleValues),
}) satisfies Parses<"UserInfo">;

export type User = z.infer<typeof userSchema>;

/** The names of security events, one enumeration on the server and here. */
export const securityEventNameSchema = z.enum(securityEventNameValues) satisfies Parses<"SecurityEventName">;

export type SecurityEventName = z.infer<typeof securityEventNameSchema>;
