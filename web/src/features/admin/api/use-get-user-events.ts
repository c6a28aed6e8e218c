import { useInfiniteQuery } from "@tanstack/react-query";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";

import { adminKeys } from "./keys";
import { adminEventPageSchema, type AdminEventPage } from "./schemas";

const EVENTS_PAGE = 20;

/** A person's security events, newest first, a page at a time. */
export async function getUserEvents(userId: string, cursor: string | null): Promise<AdminEventPage> {
  const params: Record<string, string | number> = { user_id: userId, limit: EVENTS_PAGE };
  if (cursor) params.cursor = cursor;
  const response = await api.get("/admin/events", { params });
  return parseData(response.data, adminEventPageSchema);
}

export const useGetUserEvents = (userId: string) =>
  useInfiniteQuery({
    queryKey: adminKeys.events(userId),
    queryFn: ({ pageParam }) => getUserEvents(userId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
