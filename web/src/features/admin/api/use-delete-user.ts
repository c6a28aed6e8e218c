import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";

import { adminKeys } from "./keys";

/** Deletes a person and everything of theirs but the audit trail. */
export async function deleteUser(userId: string): Promise<void> {
  const response = await api.delete(`/admin/users/${encodeURIComponent(userId)}`);
  parseData(response.data, z.unknown());
}

export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteUser,
    // The person's own page keeps what it shows while the app leaves it; the lists change.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.userLists }),
  });
}
