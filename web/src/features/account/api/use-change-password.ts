import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import { currentPasswordField, newPasswordField } from "@/lib/validation";
import type { ApiSchema } from "@/types/api";

export const changePasswordInputSchema = z.object({
  currentPassword: currentPasswordField,
  newPassword: newPasswordField,
});

export type ChangePasswordInput = z.infer<typeof changePasswordInputSchema>;

/** Changes the password; every other session of the person ends. */
export async function changePassword(input: ChangePasswordInput): Promise<void> {
  const body: ApiSchema<"ChangePasswordRequest"> = input;
  const response = await api.post("/users/me/password", body);
  parseData(response.data, z.unknown());
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.sessions }),
        queryClient.invalidateQueries({ queryKey: queryKeys.securityEvents }),
      ]),
  });
}
