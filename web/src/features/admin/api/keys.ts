import type { QueryClient } from "@tanstack/react-query";

// The admin pages' queries; all under "admin", so one sign-out clears them with the rest.
export const adminKeys = {
  all: ["admin"] as const,
  users: (query: string, cursor: string | null) => ["admin", "users", { query, cursor }] as const,
  userLists: ["admin", "users"] as const,
  user: (userId: string) => ["admin", "user", userId] as const,
  sessions: (userId: string) => ["admin", "user", userId, "sessions"] as const,
  events: (userId: string) => ["admin", "events", userId] as const,
};

/** After an action on a person: their details and sessions (keys under `user`), events, and the user lists. */
export const userChanged = (queryClient: QueryClient, userId: string) =>
  Promise.all(
    [adminKeys.user(userId), adminKeys.events(userId), adminKeys.userLists].map((queryKey) =>
      queryClient.invalidateQueries({ queryKey }),
    ),
  );
