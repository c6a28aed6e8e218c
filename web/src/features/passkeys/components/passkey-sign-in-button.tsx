"use client";

import { Button } from "@/components/ui/button";
import { toast } from "@/lib/toast";

import { usePasskeySignIn } from "../api/use-passkey-sign-in";
import { passkeyFailure } from "../failure";
import { PasskeyIcon } from "./passkey-icon";

type PasskeySignInButtonProps = {
  /** Signed in (cookies set): the page decides where to go. */
  onSignedIn: () => void;
};

/** "Sign in with a passkey": the browser offers the passkeys it holds for this site. */
export function PasskeySignInButton({ onSignedIn }: PasskeySignInButtonProps) {
  const signIn = usePasskeySignIn();
  const onClick = () =>
    signIn.mutate(undefined, {
      onSuccess: onSignedIn,
      onError: (error) => toast.error(passkeyFailure(error, "sign-in")),
    });

  return (
    <Button variant="secondary" className="relative w-full px-12" pending={signIn.isPending} onClick={onClick}>
      {!signIn.isPending && <PasskeyIcon />}
      Sign in with a passkey
    </Button>
  );
}
