import { useQuery } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import type { Parses } from "@/types/api";

export const identitySchema = z.object({
  provider: z.string(),
  email: z.nullable(z.string()),
  createdAt: z.string(),
}) satisfies Parses<"IdentityInfo">;

export type Identity = z.infer<typeof identitySchema>;

/** The providers linked to the signed-in person. */
export async function getIdentities(): Promise<Identity[]> {
  const response = await api.get("/users/me/identities");
  return parseData(response.data, z.array(identitySchema));
}

export const useGetIdentities = () => useQuery({ queryKey: queryKeys.identities, queryFn: getIdentities });
