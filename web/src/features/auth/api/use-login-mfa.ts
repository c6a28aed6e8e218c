import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { rememberSignIn, signedInSchema } from "@/lib/signed-in";
import { mfaCodeField } from "@/lib/validation";
import type { ApiSchema } from "@/types/api";

import { useSecondFactorStore } from "../stores/second-factor-store";

export const loginMfaInputSchema = z.object({ code: mfaCodeField });

export type LoginMfaInput = z.infer<typeof loginMfaInputSchema> & { mfaToken: string };

/** Finishes a sign-in with a TOTP or recovery code; sets the cookies like login. */
export async function loginMfa(input: LoginMfaInput) {
  const body: ApiSchema<"MfaLoginRequest"> = input;
  const response = await api.post("/auth/login/mfa", body);
  return parseData(response.data, signedInSchema);
}

export function useLoginMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: loginMfa,
    onSuccess: ({ user }) => {
      useSecondFactorStore.getState().setPending(null);
      rememberSignIn(queryClient, user);
    },
  });
}
