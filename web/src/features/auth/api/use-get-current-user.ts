import { useQuery } from "@tanstack/react-query";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { queryKeys } from "@/lib/query-keys";
import { useAuthStore } from "@/stores/auth-store";
import { userSchema, type User } from "@/types/api";

export async function getCurrentUser(): Promise<User> {
  const response = await api.get("/auth/current-user");
  const user = parseData(response.data, userSchema);
  // The cookies may come from elsewhere (another tab, an API login): trust the server.
  useAuthStore.getState().setSignedIn(true);
  return user;
}

export const useGetCurrentUser = () =>
  useQuery({ queryKey: queryKeys.currentUser, queryFn: getCurrentUser });
