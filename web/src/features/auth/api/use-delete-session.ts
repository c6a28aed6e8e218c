import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import { signOutHere } from "@/lib/session";

import type { Session } from "./use-get-sessions";
import { logout } from "./use-logout";

export async function deleteSession(session: Session): Promise<void> {
  const response = await api.delete(`/auth/sessions/${encodeURIComponent(session.sessionId)}`);
  parseData(response.data, z.unknown());
  // Ending this browser's own session is signing out: clear the cookies too.
  if (session.current) await logout().catch(() => undefined);
}

export function useDeleteSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteSession,
    onSuccess: (_, session) => {
      if (session.current) {
        signOutHere("You're signed out.");
        return;
      }
      queryClient.setQueryData<Session[]>(queryKeys.sessions, (sessions) =>
        sessions?.filter((item) => item.sessionId !== session.sessionId),
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessions });
      void queryClient.invalidateQueries({ queryKey: queryKeys.securityEvents });
    },
  });
}
