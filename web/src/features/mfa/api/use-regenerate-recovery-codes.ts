import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import type { ApiSchema } from "@/types/api";

import { recoveryCodesSchema, withoutEmptyPassword, type ProtectedInput } from "./schemas";

/** Ten new recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(input: ProtectedInput): Promise<string[]> {
  const body: ApiSchema<"MfaProtectedRequest"> = withoutEmptyPassword(input);
  const response = await api.post("/users/me/mfa/recovery-codes", body);
  return parseData(response.data, recoveryCodesSchema).recoveryCodes;
}

export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: regenerateRecoveryCodes,
    onSuccess: () =>
      Promise.all(
        [queryKeys.securityOverview, queryKeys.securityEvents].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
}
