import { useQuery } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import type { Parses } from "@/types/api";

export const securityOverviewSchema = z.object({
  hasPassword: z.boolean(),
  totpEnabled: z.boolean(),
  recoveryCodesLeft: z.number(),
  passkeys: z.number(),
  identities: z.array(z.string()),
}) satisfies Parses<"SecurityOverview">;

export type SecurityOverview = z.infer<typeof securityOverviewSchema>;

/** How the person can sign in: password, second factor, passkeys, providers. */
export async function getSecurityOverview(): Promise<SecurityOverview> {
  const response = await api.get("/users/me/security");
  return parseData(response.data, securityOverviewSchema);
}

export const useGetSecurityOverview = () =>
  useQuery({ queryKey: queryKeys.securityOverview, queryFn: getSecurityOverview });
