import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import { avatarUrlField, nameField } from "@/lib/validation";
import { userSchema, type ApiSchema, type User } from "@/types/api";

export const updateProfileInputSchema = z.object({ name: nameField, avatarUrl: avatarUrlField });

export type UpdateProfileInput = z.infer<typeof updateProfileInputSchema>;

export async function updateProfile(input: UpdateProfileInput): Promise<User> {
  // An empty field removes the picture.
  const body: ApiSchema<"ProfileUpdate"> = { name: input.name, avatarUrl: input.avatarUrl || null };
  const response = await api.patch("/users/me", body);
  return parseData(response.data, userSchema);
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (user) => queryClient.setQueryData(queryKeys.currentUser, user),
  });
}
