import * as z from "zod/mini";

// User info as every user endpoint returns it (camelCased at the edge).
export const userSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  avatarUrl: z.nullable(z.string()),
  emailVerified: z.boolean(),
  createdAt: z.string(),
});

export type User = z.infer<typeof userSchema>;
