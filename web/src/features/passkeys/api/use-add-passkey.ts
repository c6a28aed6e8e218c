import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { currentPasswordField } from "@/lib/validation";
import { limits } from "@/types/limits.gen";
import type { ApiRequestBody, ApiSchema } from "@/types/api";

import { PasskeysUnsupportedError, passkeySupport } from "../support";
import { passkeysChanged } from "./changed";
import { creationOptionsSchema, passkeySchema, type Passkey } from "./schemas";

export const passkeyNameField = z
  .string()
  .check(
    z.trim(),
    z.refine(
      (value) => [...value].length <= limits.RenamePasskeyRequest.name.maxLength,
      `Use at most ${limits.RenamePasskeyRequest.name.maxLength} characters.`,
    ),
  );

export const addPasskeyInputSchema = (hasPassword: boolean) =>
  z.object({ currentPassword: hasPassword ? currentPasswordField : z.string(), name: passkeyNameField });

export type AddPasskeyInput = { currentPassword: string; name: string };

/**
 * A new passkey for the signed-in person: creation options (the password, or
 * a recent sign-in, proves it is them), the browser's prompt, then the passkey.
 */
export async function addPasskey({ currentPassword, name }: AddPasskeyInput): Promise<Passkey> {
  if (passkeySupport() === "none") throw new PasskeysUnsupportedError();
  const proof: ApiRequestBody<"/api/users/me/passkeys/options", "post"> = currentPassword ? { currentPassword } : {};
  const [response, webauthn] = await Promise.all([
    api.post("/users/me/passkeys/options", proof),
    import("../webauthn"),
  ]);
  const { options } = parseData(response.data, creationOptionsSchema);
  const credential = await webauthn.createPasskey(options);
  const body: ApiSchema<"AddPasskeyRequest"> = name ? { credential, name } : { credential };
  const added = await api.post("/users/me/passkeys", body);
  return parseData(added.data, passkeySchema);
}

export function useAddPasskey() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: addPasskey, onSuccess: () => passkeysChanged(queryClient) });
}
