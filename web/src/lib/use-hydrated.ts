import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** false in the server-rendered HTML and while hydrating; true once React runs in the browser. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
