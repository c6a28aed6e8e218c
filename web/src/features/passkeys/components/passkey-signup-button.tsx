"use client";

import { Button } from "@/components/ui/button";
import { toApiError } from "@/lib/envelope";
import { toast } from "@/lib/toast";

import { usePasskeySignup, type PasskeySignupInput } from "../api/use-passkey-signup";
import { passkeyFailure } from "../failure";
import { PasskeyIcon } from "./passkey-icon";

/** What the sign-up form lends this button: its Name and Email, and its error slots. */
export type SignupFields = {
  /** The checked name and email, or null (their errors are shown by the form). */
  nameAndEmail: () => Promise<PasskeySignupInput | null>;
  showError: (field: "name" | "email", message: string) => void;
};

type PasskeySignupButtonProps = {
  form: SignupFields;
  onSignedUp: () => void;
};

/** "Create account with a passkey": the form's name and email, no password. */
export function PasskeySignupButton({ form, onSignedUp }: PasskeySignupButtonProps) {
  const signup = usePasskeySignup();

  const onClick = async () => {
    const input = await form.nameAndEmail();
    if (!input) return;
    signup.mutate(input, {
      onSuccess: onSignedUp,
      onError: (error) => {
        const apiError = toApiError(error);
        const field = apiError.error === "email_taken" ? "email" : undefined;
        if (field) form.showError(field, apiError.message);
        else if (apiError.fieldErrors.email) form.showError("email", apiError.fieldErrors.email);
        else if (apiError.fieldErrors.name) form.showError("name", apiError.fieldErrors.name);
        else toast.error(passkeyFailure(error, "create"));
      },
    });
  };

  return (
    <div className="flex flex-col gap-2">
      <Button variant="secondary" className="relative w-full px-12" pending={signup.isPending} onClick={() => void onClick()}>
        {!signup.isPending && <PasskeyIcon />}
        Create account with a passkey
      </Button>
      <p className="text-center text-sm text-muted">Uses the name and email above; no password needed.</p>
    </div>
  );
}
