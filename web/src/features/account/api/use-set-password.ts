import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import { newPasswordField } from "@/lib/validation";
import type { ApiSchema } from "@/types/api";

export const setPasswordInputSchema = z.object({ newPassword: newPasswordField });

export type SetPasswordInput = z.infer<typeof setPasswordInputSchema>;

/** A first password for an account that has none (no `current_password` to give). */
export async function setPassword(input: SetPasswordInput): Promise<void> {
  const body: ApiSchema<"ChangePasswordRequest"> = input;
  const response = await api.post("/users/me/password", body);
  parseData(response.data, z.unknown());
}

export function useSetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setPassword,
    onSuccess: () =>
      Promise.all(
        [queryKeys.securityOverview, queryKeys.sessions, queryKeys.securityEvents].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
}
