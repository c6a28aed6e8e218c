import { useMutation } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { signOutHere } from "@/lib/session";

/** Ends this browser's session and clears its cookies (200 even without one). */
export async function logout(): Promise<void> {
  const response = await api.post("/auth/logout");
  parseData(response.data, z.unknown());
}

export const useLogout = () =>
  useMutation({
    mutationFn: logout,
    onSuccess: () => signOutHere("You're signed out."),
  });
