import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { rememberSignIn, signedInSchema, type SignedIn } from "@/lib/signed-in";
import type { ApiSchema } from "@/types/api";

import { PasskeysUnsupportedError, passkeySupport } from "../support";
import { challengeOptionsSchema } from "./schemas";

/**
 * Signs in with a discoverable passkey: the person types nothing. The options
 * and the WebAuthn code (a chunk of its own) load together once asked for.
 */
export async function passkeySignIn(): Promise<SignedIn> {
  if (passkeySupport() === "none") throw new PasskeysUnsupportedError();
  const [response, webauthn] = await Promise.all([api.post("/auth/passkey/options"), import("../webauthn")]);
  const { options, challengeToken } = parseData(response.data, challengeOptionsSchema);
  const credential = await webauthn.getPasskey(options);
  const body: ApiSchema<"PasskeyLoginRequest"> = { challengeToken, credential };
  const signedIn = await api.post("/auth/passkey/login", body);
  return parseData(signedIn.data, signedInSchema);
}

export function usePasskeySignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: passkeySignIn,
    onSuccess: ({ user }) => rememberSignIn(queryClient, user),
  });
}
