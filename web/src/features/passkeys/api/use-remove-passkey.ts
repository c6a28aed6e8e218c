import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import type { ApiRequestBody } from "@/types/api";

import { passkeysChanged } from "./changed";

export type RemovePasskeyInput = { passkeyId: string; currentPassword: string };

/** Removes a passkey; never the last way to sign in (409 `last_sign_in_method`). */
export async function removePasskey({ passkeyId, currentPassword }: RemovePasskeyInput): Promise<void> {
  const body: ApiRequestBody<"/api/users/me/passkeys/{passkey_id}", "delete"> = currentPassword
    ? { currentPassword }
    : {};
  const response = await api.delete(`/users/me/passkeys/${encodeURIComponent(passkeyId)}`, { data: body });
  parseData(response.data, z.unknown());
}

export function useRemovePasskey() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: removePasskey, onSuccess: () => passkeysChanged(queryClient) });
}
