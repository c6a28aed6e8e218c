import * as z from "zod/mini";

import type { Parses } from "@/types/api";

// WebAuthn's own JSON: an object whose keys the app never converts or checks
// (see lib/case.ts); the browser and the server check it.
export const webAuthnJsonSchema = z.record(z.string(), z.unknown());

export const creationOptionsSchema = z.object({ options: webAuthnJsonSchema }) satisfies Parses<"CreationOptions">;

export const challengeOptionsSchema = z.object({
  options: webAuthnJsonSchema,
  challengeToken: z.string(),
}) satisfies Parses<"ChallengeOptions">;

export const passkeySchema = z.object({
  passkeyId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.nullable(z.string()),
}) satisfies Parses<"PasskeyInfo">;

export type Passkey = z.infer<typeof passkeySchema>;
