import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import { currentPasswordField, emailField } from "@/lib/validation";
import { useAuthStore } from "@/stores/auth-store";
import { userSchema, type ApiSchema, type User } from "@/types/api";

import { useSecondFactorStore } from "../stores/second-factor-store";

export const loginInputSchema = z.object({
  email: emailField,
  password: currentPasswordField,
});

export type LoginInput = z.infer<typeof loginInputSchema>;

export const signedInSchema = z.object({ user: userSchema, expiresIn: z.number() });

const mfaChallengeSchema = z.object({
  mfaRequired: z.literal(true),
  mfaToken: z.string(),
  methods: z.array(z.string()),
});

/** Signed in (cookies set), or the password was right and a second factor is due. */
const loginResultSchema = z.union([signedInSchema, mfaChallengeSchema]);

export type LoginResult = z.infer<typeof loginResultSchema>;

/** Signs in; the tokens arrive as HttpOnly cookies, never in the body. */
export async function login(input: LoginInput): Promise<LoginResult> {
  const body: ApiSchema<"LoginRequest"> = input;
  const response = await api.post("/auth/login", body);
  return parseData(response.data, loginResultSchema);
}

/** What this tab knows once the cookies are set: who is signed in. */
export function rememberSignIn(queryClient: QueryClient, user: User): void {
  queryClient.setQueryData(queryKeys.currentUser, user);
  useAuthStore.getState().setSignedIn(true);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (result) => {
      if ("mfaRequired" in result) {
        useSecondFactorStore.getState().setPending({ mfaToken: result.mfaToken, methods: result.methods });
        return;
      }
      useSecondFactorStore.getState().setPending(null);
      rememberSignIn(queryClient, result.user);
    },
  });
}
