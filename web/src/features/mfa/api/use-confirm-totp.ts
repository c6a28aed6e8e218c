import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import { mfaCodeField } from "@/lib/validation";
import type { ApiSchema } from "@/types/api";

import { recoveryCodesSchema } from "./schemas";

export const confirmTotpInputSchema = z.object({ code: mfaCodeField });

export type ConfirmTotpInput = z.infer<typeof confirmTotpInputSchema>;

/** Turns TOTP on with a code from the new secret; answers the recovery codes, once. */
export async function confirmTotp(input: ConfirmTotpInput): Promise<string[]> {
  const body: ApiSchema<"TotpConfirmRequest"> = input;
  const response = await api.post("/users/me/mfa/totp/confirm", body);
  return parseData(response.data, recoveryCodesSchema).recoveryCodes;
}

export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmTotp,
    // Turning TOTP on also ends every other session.
    onSuccess: () =>
      Promise.all(
        [queryKeys.securityOverview, queryKeys.sessions, queryKeys.securityEvents].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
}
