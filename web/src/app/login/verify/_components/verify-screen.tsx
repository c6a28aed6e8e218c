"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { Skeleton } from "@/components/ui/skeleton";
import { LoginVerifyForm } from "@/features/auth/components/login-verify-form";
import { MFA_TOKEN_ENDED, WELCOME_BACK } from "@/features/auth/messages";
import { useSecondFactorStore } from "@/features/auth/stores/second-factor-store";
import { restartHref, safeNextPath } from "@/lib/paths";
import { toast } from "@/lib/toast";

const nextParam = (): string | null => new URLSearchParams(window.location.search).get("next");

/** The second step of a sign-in; without a sign-in waiting for it, back to /login. */
export function VerifyScreen() {
  const router = useRouter();
  // Taken once: finishing the sign-in clears the store, and this page must not
  // take that for "nothing pending" while it leaves.
  const [pending] = useState(() => useSecondFactorStore.getState().pending);

  useEffect(() => {
    if (!pending) router.replace(restartHref(nextParam()));
  }, [pending, router]);

  if (!pending) return <Skeleton className="h-[236px]" />;

  const onSuccess = () => {
    toast.success(WELCOME_BACK);
    router.replace(safeNextPath(nextParam()));
  };
  const onTokenEnded = () => {
    useSecondFactorStore.getState().setPending(null);
    toast.error(MFA_TOKEN_ENDED);
    router.replace(restartHref(nextParam()));
  };

  return <LoginVerifyForm pending={pending} onSuccess={onSuccess} onTokenEnded={onTokenEnded} />;
}
