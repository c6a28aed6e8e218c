import { useQuery } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";

import { passkeySchema, type Passkey } from "./schemas";

export async function getPasskeys(): Promise<Passkey[]> {
  const response = await api.get("/users/me/passkeys");
  return parseData(response.data, z.array(passkeySchema));
}

export const useGetPasskeys = () => useQuery({ queryKey: queryKeys.passkeys, queryFn: getPasskeys });
