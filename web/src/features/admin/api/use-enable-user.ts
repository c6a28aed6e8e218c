import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";

import { userChanged } from "./keys";

/** Lets a disabled person sign in again. */
export async function enableUser(userId: string): Promise<void> {
  const response = await api.post(`/admin/users/${encodeURIComponent(userId)}/enable`);
  parseData(response.data, z.unknown());
}

export function useEnableUser() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: enableUser, onSuccess: (_, userId) => userChanged(queryClient, userId) });
}
