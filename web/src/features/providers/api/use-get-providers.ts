import { useQuery } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import type { Parses } from "@/types/api";

export const providerSchema = z.object({ name: z.string(), displayName: z.string() }) satisfies Parses<"ProviderInfo">;

export type Provider = z.infer<typeof providerSchema>;

/** The OpenID providers this service is configured with (AUTHGATE_OIDC_PROVIDERS). */
export async function getProviders(): Promise<Provider[]> {
  const response = await api.get("/auth/providers");
  return parseData(response.data, z.array(providerSchema));
}

export const useGetProviders = () =>
  useQuery({ queryKey: queryKeys.providers, queryFn: getProviders, staleTime: 5 * 60_000 });
