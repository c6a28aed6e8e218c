import { QueryClient } from "@tanstack/react-query";

import { isUnauthorized } from "@/lib/http-status";

// One client for the whole app, so that signing out can clear it from
// outside React (the API client's refresh handling, other tabs).
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: true,
      // A 401 has already been through the refresh-and-retry in the API client.
      retry: (failureCount, error) => !isUnauthorized(error) && failureCount < 2,
    },
    mutations: { retry: false },
  },
});
