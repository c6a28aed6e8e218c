import { useMutation } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { emailField } from "@/lib/validation";
import type { ApiSchema } from "@/types/api";

export const forgotPasswordInputSchema = z.object({ email: emailField });

export type ForgotPasswordInput = z.infer<typeof forgotPasswordInputSchema>;

/** 202 whether or not the account exists, so the answer reveals nothing. */
export async function forgotPassword(input: ForgotPasswordInput): Promise<void> {
  const body: ApiSchema<"ForgotPasswordRequest"> = input;
  const response = await api.post("/auth/password/forgot", body);
  parseData(response.data, z.unknown());
}

export const useForgotPassword = () => useMutation({ mutationFn: forgotPassword });
