import axios, { type AxiosError, type AxiosResponse } from "axios";

import { camelizeKeys, snakeizeKeys } from "@/lib/case";
import { isUnauthorized } from "@/lib/http-status";
import { endSession } from "@/lib/session";

declare module "axios" {
  interface AxiosRequestConfig {
    /** Do not refresh-and-retry on a 401 (auth endpoints, the refresh itself). */
    skipAuthRefresh?: boolean;
    /** Set on the one retry after a refresh. */
    isRetry?: boolean;
  }
}

export const api = axios.create({
  baseURL: "/api",
  withCredentials: true,
  headers: { Accept: "application/json" },
});

// A 401 from these means "wrong credentials" or "no session", not "expired".
const NO_REFRESH = /^\/auth\/(login|login\/mfa|signup|refresh|logout|token)\/?$/;

api.interceptors.request.use((config) => {
  config.data = snakeizeKeys(config.data);
  return config;
});

api.interceptors.response.use(
  (response) => camelizeResponse(response),
  async (error: AxiosError) => {
    if (error.response) camelizeResponse(error.response);
    const config = error.config;
    if (!config || !isUnauthorized(error) || config.skipAuthRefresh || config.isRetry) throw error;
    if (NO_REFRESH.test(config.url ?? "")) throw error;

    let renewed: boolean;
    try {
      renewed = await renewSession();
    } catch {
      throw error; // the refresh could not be tried (offline, 503): keep the session
    }
    if (!renewed) {
      endSession();
      throw error;
    }
    return api.request({ ...config, isRetry: true });
  },
);

function camelizeResponse(response: AxiosResponse): AxiosResponse {
  response.data = camelizeKeys(response.data);
  return response;
}

// ---- refresh: one at a time in this tab, and across tabs ----

const LOCK_NAME = "authgate-refresh";
let inFlight: Promise<boolean> | null = null;

/** Renews the session once for every concurrent 401 in this tab. */
export function renewSession(): Promise<boolean> {
  inFlight ??= renewAcrossTabs().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function renewAcrossTabs(): Promise<boolean> {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  if (!locks) return refresh();
  const mine = (await locks.request(LOCK_NAME, { ifAvailable: true }, (lock) =>
    lock ? refresh() : null,
  )) as boolean | null;
  if (mine !== null) return mine;
  // Another tab is refreshing right now. Its new cookies are ours too, so once
  // it is done, check them before rotating the refresh token a second time.
  return (await locks.request(LOCK_NAME, async () => (await cookiesWork()) || refresh())) as boolean;
}

/** true: new cookies were set; false: the session is over (401). */
async function refresh(): Promise<boolean> {
  return answersOk(() => api.post("/auth/refresh", undefined, { skipAuthRefresh: true }));
}

async function cookiesWork(): Promise<boolean> {
  return answersOk(() => api.get("/auth/current-user", { skipAuthRefresh: true }));
}

async function answersOk(request: () => Promise<unknown>): Promise<boolean> {
  try {
    await request();
    return true;
  } catch (error) {
    if (isUnauthorized(error)) return false;
    throw error;
  }
}
