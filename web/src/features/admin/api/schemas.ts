import * as z from "zod/mini";

import { securityEventNameSchema, userSchema, type Parses } from "@/types/api";

// What the admin API answers (API.md, "Administration"), camelCased.

/** User info plus what an administrator sees of the account (in the list and on its own). */
export const adminUserSchema = z.extend(userSchema, {
  disabled: z.boolean(),
  lastSignInAt: z.nullable(z.string()),
  hasPassword: z.boolean(),
  totpEnabled: z.boolean(),
  passkeys: z.number(),
  identities: z.array(z.string()),
  activeSessions: z.number(),
}) satisfies Parses<"AdminUser">;

export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminUserPageSchema = z.object({
  items: z.array(adminUserSchema),
  nextCursor: z.nullable(z.string()),
}) satisfies Parses<"UserPage">;

export type AdminUserPage = z.infer<typeof adminUserPageSchema>;

/** One of a person's sessions, as in their own list (`current` is always false here). */
export const adminSessionSchema = z.object({
  sessionId: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  authenticatedAt: z.string(),
  methods: z.array(z.string()),
  userAgent: z.nullable(z.string()),
  ip: z.nullable(z.string()),
  current: z.boolean(),
}) satisfies Parses<"SessionInfo">;

export type AdminSession = z.infer<typeof adminSessionSchema>;

/** A security event with whom it concerns and, when an administrator acted, who. */
export const adminEventSchema = z.object({
  event: securityEventNameSchema,
  createdAt: z.string(),
  ip: z.nullable(z.string()),
  userAgent: z.nullable(z.string()),
  actorId: z.nullable(z.string()),
  userId: z.nullable(z.string()),
}) satisfies Parses<"AdminEvent">;

export type AdminEvent = z.infer<typeof adminEventSchema>;

export const adminEventPageSchema = z.object({
  items: z.array(adminEventSchema),
  nextCursor: z.nullable(z.string()),
}) satisfies Parses<"EventPage">;

export type AdminEventPage = z.infer<typeof adminEventPageSchema>;
