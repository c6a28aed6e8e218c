import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import { currentPasswordField, emailField } from "@/lib/validation";
import { useAuthStore } from "@/stores/auth-store";
import { userSchema, type ApiSchema, type Parses } from "@/types/api";

export const loginInputSchema = z.object({
  email: emailField,
  password: currentPasswordField,
});

export type LoginInput = z.infer<typeof loginInputSchema>;

const loginResultSchema = z.object({ user: userSchema, expiresIn: z.number() }) satisfies Parses<"LoginData">;

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
    onSuccess: ({ user }) => {
      queryClient.setQueryData(queryKeys.currentUser, user);
      useAuthStore.getState().setSignedIn(true);
    },
  });
}
