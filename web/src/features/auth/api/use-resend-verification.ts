import { useMutation } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";

/** Sends the signed-in person a new verification link (202). */
export async function resendVerification(): Promise<void> {
  const response = await api.post("/auth/email/verify/resend");
  parseData(response.data, z.unknown());
}

export const useResendVerification = () => useMutation({ mutationFn: resendVerification });
