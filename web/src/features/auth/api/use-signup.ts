import { useMutation } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { emailField, nameField, newPasswordField } from "@/lib/validation";
import { userSchema, type ApiSchema, type User } from "@/types/api";

export const signupInputSchema = z.object({
  name: nameField,
  email: emailField,
  password: newPasswordField,
});

export type SignupInput = z.infer<typeof signupInputSchema>;

/** Creates the account (201). It sets no cookies: sign in afterwards. */
export async function signup(input: SignupInput): Promise<User> {
  const body: ApiSchema<"SignupRequest"> = input;
  const response = await api.post("/auth/signup", body);
  return parseData(response.data, userSchema);
}

export const useSignup = () => useMutation({ mutationFn: signup });
