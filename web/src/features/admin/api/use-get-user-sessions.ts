import { useQuery } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";

import { adminKeys } from "./keys";
import { adminSessionSchema, type AdminSession } from "./schemas";

export async function getUserSessions(userId: string): Promise<AdminSession[]> {
  const response = await api.get(`/admin/users/${encodeURIComponent(userId)}/sessions`);
  return parseData(response.data, z.array(adminSessionSchema));
}

export const useGetUserSessions = (userId: string) =>
  useQuery({ queryKey: adminKeys.sessions(userId), queryFn: () => getUserSessions(userId) });
