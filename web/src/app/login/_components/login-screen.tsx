"use client";

import { useRouter } from "next/navigation";

import type { LoginResult } from "@/features/auth/api/use-login";
import { LoginForm } from "@/features/auth/components/entry-forms";
import { WELCOME_BACK } from "@/features/auth/messages";
import { safeNextPath, verifyHref } from "@/lib/paths";
import { toast } from "@/lib/toast";

/** The sign-in form, and where a person goes from it. */
export function LoginScreen() {
  const router = useRouter();

  const onSuccess = (result: LoginResult) => {
    // Read at the moment of use, so the page needs no Suspense boundary.
    const next = new URLSearchParams(window.location.search).get("next");
    if ("mfaRequired" in result) {
      router.push(verifyHref(next));
      return;
    }
    toast.success(WELCOME_BACK);
    router.replace(safeNextPath(next));
  };

  return <LoginForm onSuccess={onSuccess} />;
}
