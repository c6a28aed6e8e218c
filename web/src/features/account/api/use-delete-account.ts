import { useMutation } from "@tanstack/react-query";
import * as z from "zod/mini";

import { api } from "@/lib/api-client";
import { parseData } from "@/lib/envelope";
import { signOutHere } from "@/lib/session";
import { currentPasswordField } from "@/lib/validation";
import type { ApiSchema } from "@/types/api";

export const deleteAccountInputSchema = z.object({ password: currentPasswordField });

export type DeleteAccountInput = z.infer<typeof deleteAccountInputSchema>;

export const ACCOUNT_DELETED = "Your account has been deleted.";

/** Deletes the account with its sessions and tokens; the server clears the cookies. */
export async function deleteAccount(input: DeleteAccountInput): Promise<void> {
  const body: ApiSchema<"DeleteAccountRequest"> = input;
  const response = await api.delete("/users/me", { data: body });
  parseData(response.data, z.unknown());
}

export const useDeleteAccount = () =>
  useMutation({ mutationFn: deleteAccount, onSuccess: () => signOutHere(ACCOUNT_DELETED) });
