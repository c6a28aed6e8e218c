import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";

import { userChanged } from "./keys";

/** Disables an account: every session ends; signing in answers 403 `account_disabled`. */
export async function disableUser(userId: string): Promise<void> {
  const response = await api.post(`/admin/users/${encodeURIComponent(userId)}/disable`);
  parseData(response.data, z.unknown());
}

export function useDisableUser() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: disableUser, onSuccess: (_, userId) => userChanged(queryClient, userId) });
}
