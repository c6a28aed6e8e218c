import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";

import { userChanged } from "./keys";

/** Mails the person a reset link and ends every session. */
export async function sendPasswordReset(userId: string): Promise<void> {
  const response = await api.post(`/admin/users/${encodeURIComponent(userId)}/password-reset`);
  parseData(response.data, z.unknown());
}

export function useSendPasswordReset() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: sendPasswordReset, onSuccess: (_, userId) => userChanged(queryClient, userId) });
}
