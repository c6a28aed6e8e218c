import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { rememberSignIn, signedInSchema } from "@/lib/signed-in";
import { currentPasswordField, emailField } from "@/lib/validation";
import type { ApiSchema } from "@/types/api";

import { useSecondFactorStore } from "../stores/second-factor-store";

export const loginInputSchema = z.object({
  email: emailField,
  password: currentPasswordField,
});

export type LoginInput = z.infer<typeof loginInputSchema>;

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
