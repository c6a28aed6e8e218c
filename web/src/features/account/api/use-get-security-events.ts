import { useQuery } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import { securityEventNameSchema, type Parses } from "@/types/api";

export const securityEventSchema = z.object({
  event: securityEventNameSchema,
  createdAt: z.string(),
  ip: z.nullable(z.string()),
  userAgent: z.nullable(z.string()),
  /** Set when an administrator acted on the account. */
  actorId: z.optional(z.nullable(z.string())),
}) satisfies Parses<"SecurityEventInfo">;

export type SecurityEvent = z.infer<typeof securityEventSchema>;

/** The person's recent security events, newest first. */
export async function getSecurityEvents(): Promise<SecurityEvent[]> {
  const response = await api.get("/users/me/security-events");
  return parseData(response.data, z.array(securityEventSchema));
}

export const useGetSecurityEvents = () =>
  useQuery({ queryKey: queryKeys.securityEvents, queryFn: getSecurityEvents });
