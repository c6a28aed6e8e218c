import { useQuery } from "@tanstack/react-query";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { responseStatus } from "@/lib/http-status";

import { adminKeys } from "./keys";
import { adminUserSchema, type AdminUser } from "./schemas";

export async function getAdminUser(userId: string): Promise<AdminUser> {
  const response = await api.get(`/admin/users/${encodeURIComponent(userId)}`);
  return parseData(response.data, adminUserSchema);
}

// 403 and 404 will answer the same again: no retries.
const retry = (failureCount: number, error: unknown) => {
  const status = responseStatus(error);
  return status !== undefined && status >= 400 && status < 500 ? false : failureCount < 2;
};

export const useGetAdminUser = (userId: string, enabled = true) =>
  useQuery({ queryKey: adminKeys.user(userId), queryFn: () => getAdminUser(userId), enabled, retry });
