import { useQuery } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import type { Parses } from "@/types/api";

export const sessionSchema = z.object({
  sessionId: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  authenticatedAt: z.string(),
  methods: z.array(z.string()),
  userAgent: z.nullable(z.string()),
  ip: z.nullable(z.string()),
  current: z.boolean(),
}) satisfies Parses<"SessionInfo">;

export type Session = z.infer<typeof sessionSchema>;

export async function getSessions(): Promise<Session[]> {
  const response = await api.get("/auth/sessions");
  return parseData(response.data, z.array(sessionSchema));
}

export const useGetSessions = () => useQuery({ queryKey: queryKeys.sessions, queryFn: getSessions });
