import { useMutation } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { signOutHere } from "@/lib/session";

import { logout } from "./use-logout";

/** Ends every session of the person, this one included. */
export async function logoutAll(): Promise<void> {
  const response = await api.post("/auth/logout-all");
  parseData(response.data, z.unknown());
  // Also clear this browser's cookies; the session behind them is already over.
  await logout().catch(() => undefined);
}

export const useLogoutAll = () =>
  useMutation({
    mutationFn: logoutAll,
    onSuccess: () => signOutHere("You're signed out on every device."),
  });
