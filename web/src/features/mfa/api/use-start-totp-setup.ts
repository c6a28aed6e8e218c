import { useMutation } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { currentPasswordField } from "@/lib/validation";
import type { ApiSchema, Parses } from "@/types/api";

import { withoutEmptyPassword } from "./schemas";

export const startTotpInputSchema = z.object({ currentPassword: currentPasswordField });

export type StartTotpInput = { currentPassword?: string };

const totpSetupSchema = z.object({ secret: z.string(), otpauthUri: z.string() }) satisfies Parses<"TotpSetup">;

export type TotpSetup = z.infer<typeof totpSetupSchema>;

/** A new secret, not active until a code from it is confirmed. */
export async function startTotpSetup(input: StartTotpInput): Promise<TotpSetup> {
  const body: ApiSchema<"TotpStartRequest"> = withoutEmptyPassword(input);
  const response = await api.post("/users/me/mfa/totp", body);
  return parseData(response.data, totpSetupSchema);
}

export const useStartTotpSetup = () => useMutation({ mutationFn: startTotpSetup });
