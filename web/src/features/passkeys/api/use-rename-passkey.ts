import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import type { ApiSchema } from "@/types/api";

import { passkeysChanged } from "./changed";
import { passkeyNameField } from "./use-add-passkey";
import { passkeySchema, type Passkey } from "./schemas";

export const renamePasskeyInputSchema = z.object({
  name: passkeyNameField.check(z.minLength(1, "Enter a name.")),
});

export type RenamePasskeyInput = z.infer<typeof renamePasskeyInputSchema>;

export async function renamePasskey({ passkeyId, name }: RenamePasskeyInput & { passkeyId: string }): Promise<Passkey> {
  const body: ApiSchema<"RenamePasskeyRequest"> = { name };
  const response = await api.patch(`/users/me/passkeys/${encodeURIComponent(passkeyId)}`, body);
  return parseData(response.data, passkeySchema);
}

export function useRenamePasskey() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: renamePasskey, onSuccess: () => passkeysChanged(queryClient) });
}
