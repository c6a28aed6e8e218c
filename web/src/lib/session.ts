import { isPublicPath, loginHref } from "@/lib/paths";
import { queryClient } from "@/lib/query-client";
import { toast } from "@/lib/toast";
import { useAuthStore } from "@/stores/auth-store";

export const SESSION_ENDED_MESSAGE = "Your session has ended. Please sign in again.";

const CHANNEL_NAME = "authgate";
const SIGNED_OUT = "signed-out";

type Navigate = (href: string) => void;

// The app registers its router here (see app/provider.tsx); until then a
// full page load does the job.
let navigate: Navigate = (href) => window.location.assign(href);
export const setNavigator = (fn: Navigate): void => {
  navigate = fn;
};

let channel: BroadcastChannel | null = null;
function getChannel(): BroadcastChannel | null {
  if (typeof BroadcastChannel === "undefined") return null;
  channel ??= new BroadcastChannel(CHANNEL_NAME);
  return channel;
}

const here = (): string => window.location.pathname;

/** Forgets everything this tab knows about the person. */
function forgetSession(): void {
  useAuthStore.getState().setSignedIn(false);
  queryClient.clear();
}

function sendToLogin(): void {
  if (!isPublicPath(here())) navigate(loginHref(here()));
}

/** The person signed out on purpose (logout, logout-all, ending this session). */
export function signOutHere(message: string): void {
  forgetSession();
  getChannel()?.postMessage(SIGNED_OUT);
  toast.success(message);
  navigate("/login");
}

/** The server no longer accepts this browser's session (the refresh failed). */
export function endSession(): void {
  if (!useAuthStore.getState().isSignedIn) {
    // Never signed in (or already handled): no toast, just the login page.
    sendToLogin();
    return;
  }
  forgetSession();
  getChannel()?.postMessage(SIGNED_OUT);
  toast.error(SESSION_ENDED_MESSAGE);
  sendToLogin();
}

/**
 * Keeps this tab in step with the others: a "signed-out" message means the
 * cookies are gone for this tab too; a storage event carries `isSignedIn`.
 */
export function syncAcrossTabs(): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === useAuthStore.persist.getOptions().name) void useAuthStore.persist.rehydrate();
  };
  const onMessage = (event: MessageEvent) => {
    if (event.data !== SIGNED_OUT) return;
    forgetSession();
    if (isPublicPath(here())) return;
    toast.error(SESSION_ENDED_MESSAGE);
    sendToLogin();
  };
  const bc = getChannel();
  bc?.addEventListener("message", onMessage);
  window.addEventListener("storage", onStorage);
  return () => {
    bc?.removeEventListener("message", onMessage);
    window.removeEventListener("storage", onStorage);
  };
}
