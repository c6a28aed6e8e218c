"use client";

import { Button } from "@/components/ui/button";
import { toastError } from "@/lib/form-errors";
import { toast } from "@/lib/toast";

import { useResendVerification } from "../api/use-resend-verification";

export const VERIFICATION_SENT = "We've sent you a new verification link.";

/** Asks an unverified person to confirm their address, with a way to resend the link. */
export function VerificationNotice() {
  const resend = useResendVerification();
  const onResend = () =>
    resend.mutate(undefined, {
      onSuccess: () => toast.success(VERIFICATION_SENT),
      onError: toastError,
    });

  return (
    <div className="surface flex flex-col items-start gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
      <p>Your email address is not verified yet. Check your inbox for the link.</p>
      <Button variant="secondary" pending={resend.isPending} onClick={onResend} className="shrink-0">
        Resend verification email
      </Button>
    </div>
  );
}
