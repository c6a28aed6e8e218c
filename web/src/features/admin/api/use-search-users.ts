import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";

import { adminKeys } from "./keys";
import { adminUserPageSchema, type AdminUserPage } from "./schemas";

export const PAGE_SIZE = 50;

export type SearchUsersInput = { query: string; cursor: string | null };

/** One page of people, newest first; `query` matches the start of an email or a name. */
export async function searchUsers({ query, cursor }: SearchUsersInput): Promise<AdminUserPage> {
  const params: Record<string, string | number> = { limit: PAGE_SIZE };
  if (query) params.query = query;
  if (cursor) params.cursor = cursor;
  const response = await api.get("/admin/users", { params });
  return parseData(response.data, adminUserPageSchema);
}

export const useSearchUsers = (input: SearchUsersInput) =>
  useQuery({
    queryKey: adminKeys.users(input.query, input.cursor),
    queryFn: () => searchUsers(input),
    // The table keeps the last page while the next one loads: no jump on each key press.
    placeholderData: keepPreviousData,
  });
