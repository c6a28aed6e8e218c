import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";

import { adminKeys, userChanged } from "./keys";
import type { AdminSession } from "./schemas";

export type EndUserSessionInput = { userId: string; sessionId: string };

/** Ends one of a person's sessions: their tokens fail within a second. */
export async function endUserSession({ userId, sessionId }: EndUserSessionInput): Promise<void> {
  const response = await api.delete(
    `/admin/users/${encodeURIComponent(userId)}/sessions/${encodeURIComponent(sessionId)}`,
  );
  parseData(response.data, z.unknown());
}

export function useEndUserSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endUserSession,
    onSuccess: (_, { userId, sessionId }) => {
      queryClient.setQueryData<AdminSession[]>(adminKeys.sessions(userId), (sessions) =>
        sessions?.filter((session) => session.sessionId !== sessionId),
      );
      void queryClient.invalidateQueries({ queryKey: adminKeys.sessions(userId) });
      void userChanged(queryClient, userId);
    },
  });
}
