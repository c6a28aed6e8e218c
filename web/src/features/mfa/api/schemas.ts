import * as z from "zod/mini";

import { currentPasswordField, mfaCodeField } from "@/lib/validation";
import type { Parses } from "@/types/api";

// Shapes the second-factor operations share.

export const recoveryCodesSchema = z.object({
  recoveryCodes: z.array(z.string()),
}) satisfies Parses<"RecoveryCodes">;

/**
 * Proof for a sensitive change: the password when the account has one (else it
 * stays empty and is not sent), and a code.
 */
export const protectedInputSchema = (hasPassword: boolean) =>
  z.object({ currentPassword: hasPassword ? currentPasswordField : z.string(), code: mfaCodeField });

export type ProtectedInput = { currentPassword: string; code: string };

/** Leaves out an empty password: an account without one sends none. */
export const withoutEmptyPassword = <T extends { currentPassword?: string }>({ currentPassword, ...rest }: T) =>
  currentPassword ? { ...rest, currentPassword } : rest;
