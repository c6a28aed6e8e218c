import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import type { ApiSchema } from "@/types/api";

import { withoutEmptyPassword, type ProtectedInput } from "./schemas";

/** Turns TOTP off; its recovery codes go with it. */
export async function disableTotp(input: ProtectedInput): Promise<void> {
  const body: ApiSchema<"MfaProtectedRequest"> = withoutEmptyPassword(input);
  const response = await api.delete("/users/me/mfa/totp", { data: body });
  parseData(response.data, z.unknown());
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: disableTotp,
    onSuccess: () =>
      Promise.all(
        [queryKeys.securityOverview, queryKeys.securityEvents].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
}
