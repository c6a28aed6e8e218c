import type { QueryClient } from "@tanstack/react-query";

import { queryKeys } from "@/lib/query-keys";

/** After a passkey is added, renamed or removed: the list, the overview and the events. */
export const passkeysChanged = (queryClient: QueryClient) =>
  Promise.all(
    [queryKeys.passkeys, queryKeys.securityOverview, queryKeys.securityEvents].map((queryKey) =>
      queryClient.invalidateQueries({ queryKey }),
    ),
  );
