import { useMutation } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { newPasswordField } from "@/lib/validation";
import type { ApiSchema } from "@/types/api";

export const resetPasswordInputSchema = z.object({ newPassword: newPasswordField });

export type ResetPasswordInput = z.infer<typeof resetPasswordInputSchema> & { token: string };

/** Sets a new password with the emailed token; every session of the person ends. */
export async function resetPassword(input: ResetPasswordInput): Promise<void> {
  const body: ApiSchema<"ResetPasswordRequest"> = input;
  const response = await api.post("/auth/password/reset", body);
  parseData(response.data, z.unknown());
}

export const useResetPassword = () => useMutation({ mutationFn: resetPassword });
