"use client";

import { useRouter } from "next/navigation";

import { Divider } from "@/components/ui/divider";
import type { LoginResult } from "@/features/auth/api/use-login";
import { LoginForm } from "@/features/auth/components/entry-forms";
import { WELCOME_BACK } from "@/features/auth/messages";
import { PasskeySignInButton } from "@/features/passkeys/components/entry";
import { ProviderButtons } from "@/features/providers/components/entry";
import { safeNextPath, verifyHref } from "@/lib/paths";
import { toast } from "@/lib/toast";
import { useErrorParam } from "@/lib/use-error-param";

// Read at the moment of use, so the page needs no Suspense boundary.
const nextParam = (): string | null => new URLSearchParams(window.location.search).get("next");

/** The ways to sign in, and where a person goes from them. */
export function LoginScreen() {
  const router = useRouter();
  // Back from a provider with `?error=`: its message, loaded only then.
  useErrorParam(() => void import("@/features/providers/error-param").then((m) => m.showErrorParam("login")));

  const signedIn = () => {
    toast.success(WELCOME_BACK);
    router.replace(safeNextPath(nextParam()));
  };

  const onSuccess = (result: LoginResult) => {
    if ("mfaRequired" in result) {
      router.push(verifyHref(nextParam()));
      return;
    }
    signedIn();
  };

  return (
    <>
      <LoginForm onSuccess={onSuccess} />
      <Divider />
      <div className="flex flex-col gap-3">
        <PasskeySignInButton onSignedIn={signedIn} />
        <ProviderButtons next={() => safeNextPath(nextParam())} />
      </div>
    </>
  );
}
