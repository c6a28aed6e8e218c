import type { QueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { queryKeys } from "@/lib/query-keys";
import { useAuthStore } from "@/stores/auth-store";
import { userSchema, type Parses, type User } from "@/types/api";

/** The answer of every way to sign in (password, second factor, passkey): cookies are set. */
export const signedInSchema = z.object({ user: userSchema, expiresIn: z.number() }) satisfies Parses<"LoginData">;

export type SignedIn = z.infer<typeof signedInSchema>;

/** What this tab knows once the cookies are set: who is signed in. */
export function rememberSignIn(queryClient: QueryClient, user: User): void {
  queryClient.setQueryData(queryKeys.currentUser, user);
  useAuthStore.getState().setSignedIn(true);
}
