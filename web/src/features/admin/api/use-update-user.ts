import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";

import type { ApiSchema } from "@/types/api";

import { userChanged } from "./keys";
import { adminUserSchema } from "./schemas";

export type UpdateUserInput = { userId: string; changes: ApiSchema<"AdminUserUpdate"> };

/** Changes a person's name, role or `email_verified` (409 `last_admin` for the last administrator's role). */
export async function updateUser({ userId, changes }: UpdateUserInput): Promise<void> {
  const response = await api.patch(`/admin/users/${encodeURIComponent(userId)}`, changes);
  parseData(response.data, adminUserSchema);
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: updateUser, onSuccess: (_, { userId }) => userChanged(queryClient, userId) });
}
