import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { rememberSignIn, signedInSchema, type SignedIn } from "@/lib/signed-in";
import { emailField, nameField } from "@/lib/validation";
import type { ApiSchema } from "@/types/api";

import { PasskeysUnsupportedError, passkeySupport } from "../support";
import { challengeOptionsSchema } from "./schemas";

export const passkeySignupInputSchema = z.object({ name: nameField, email: emailField });

export type PasskeySignupInput = z.infer<typeof passkeySignupInputSchema>;

/**
 * A new account with a passkey and no password: options for the name and
 * email, the passkey, then the account (201, signed in like a sign-in).
 */
export async function passkeySignup(input: PasskeySignupInput): Promise<SignedIn> {
  if (passkeySupport() === "none") throw new PasskeysUnsupportedError();
  const start: ApiSchema<"PasskeySignupRequest"> = input;
  const [response, webauthn] = await Promise.all([api.post("/auth/signup/passkey", start), import("../webauthn")]);
  const { options, challengeToken } = parseData(response.data, challengeOptionsSchema);
  const credential = await webauthn.createPasskey(options);
  const finish: ApiSchema<"PasskeyLoginRequest"> = { challengeToken, credential };
  const created = await api.post("/auth/signup/passkey/finish", finish);
  return parseData(created.data, signedInSchema);
}

export function usePasskeySignup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: passkeySignup,
    onSuccess: ({ user }) => rememberSignIn(queryClient, user),
  });
}
