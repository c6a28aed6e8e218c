import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import type { ApiRequestBody } from "@/types/api";

export type UnlinkInput = { provider: string; currentPassword: string };

/** Disconnects a provider; never the last way to sign in (409 `last_sign_in_method`). */
export async function unlinkIdentity({ provider, currentPassword }: UnlinkInput): Promise<void> {
  const body: ApiRequestBody<"/api/users/me/identities/{provider}", "delete"> = currentPassword
    ? { currentPassword }
    : {};
  const response = await api.delete(`/users/me/identities/${encodeURIComponent(provider)}`, { data: body });
  parseData(response.data, z.unknown());
}

export function useUnlinkIdentity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: unlinkIdentity,
    onSuccess: () =>
      Promise.all(
        [queryKeys.identities, queryKeys.securityOverview, queryKeys.securityEvents].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
}
