import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import type { ApiSchema } from "@/types/api";

export async function verifyEmail(token: string): Promise<void> {
  const body: ApiSchema<"VerifyEmailRequest"> = { token };
  const response = await api.post("/auth/email/verify", body);
  parseData(response.data, z.unknown());
}

export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyEmail,
    // If this browser is signed in, its copy of the user is now out of date.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.currentUser }),
  });
}
