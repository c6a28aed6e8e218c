"use client";

import { useRouter } from "next/navigation";

import { Divider } from "@/components/ui/divider";
import { SignupForm } from "@/features/auth/components/entry-forms";
import { WELCOME_NEW } from "@/features/auth/messages";
import { PasskeySignupButton } from "@/features/passkeys/components/entry";
import { ProviderButtons } from "@/features/providers/components/entry";
import { toast } from "@/lib/toast";

/** The ways to make an account: a password, a passkey (same Name and Email), a provider. */
export function SignupScreen() {
  const router = useRouter();

  const signedUp = () => {
    toast.success(WELCOME_NEW);
    router.replace("/");
  };

  return (
    <>
      <SignupForm
        alternative={(fields) => (
          <>
            <Divider />
            <PasskeySignupButton form={fields} onSignedUp={signedUp} />
          </>
        )}
      />
      <div className="mt-3">
        <ProviderButtons next={() => "/"} />
      </div>
    </>
  );
}
