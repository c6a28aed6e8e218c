"use client";

import Link from "next/link";

import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { Skeleton } from "@/components/ui/skeleton";
import { useGetSecurityOverview } from "@/features/account/api/use-get-security-overview";
import { SetPasswordForm } from "@/features/account/components/set-password-form";
import { RequireAuth } from "@/features/auth/components/require-auth";
import { TwoFactor } from "@/features/mfa/components/two-factor";
import { Passkeys } from "@/features/passkeys/components/passkeys";
import { ConnectedAccounts } from "@/features/providers/components/connected-accounts";
import { toApiError } from "@/lib/envelope";
import type { User } from "@/types/api";

export function SecurityScreen() {
  return <RequireAuth fallback={<SecuritySkeleton />}>{(user) => <Security user={user} />}</RequireAuth>;
}

function Security({ user }: { user: User }) {
  const overview = useGetSecurityOverview();

  if (overview.isError) {
    return (
      <div role="alert" className="flex flex-col items-start gap-4">
        <p>{toApiError(overview.error).message}</p>
        <Button variant="secondary" onClick={() => void overview.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  if (!overview.data) return <SecuritySkeleton />;
  const { hasPassword, totpEnabled, recoveryCodesLeft } = overview.data;

  return (
    <div className="flex flex-col gap-6">
      <Section
        title="Two-factor authentication"
        intro="A second step when you sign in: a code from an app on your phone."
      >
        <TwoFactor
          account={user.email}
          hasPassword={hasPassword}
          totpEnabled={totpEnabled}
          recoveryCodesLeft={recoveryCodesLeft}
        />
      </Section>
      <Section
        title="Passkeys"
        intro="Sign in with your fingerprint, face or screen lock instead of a password. Passkeys can't be phished."
      >
        <Passkeys hasPassword={hasPassword} />
      </Section>
      <ConnectedAccounts hasPassword={hasPassword} />
      <Section title="Password">
        {hasPassword ? (
          <p className="text-sm">
            You sign in with your email and password. To change it, go to <Link href="/account">Account</Link>.
          </p>
        ) : (
          <>
            <p className="mb-4 text-sm text-muted">Your account has no password yet. Set one to sign in with your email.</p>
            <SetPasswordForm />
          </>
        )}
      </Section>
    </div>
  );
}

function SecuritySkeleton() {
  return (
    <div aria-busy="true" className="flex flex-col gap-6">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-[212px]" />
      <Skeleton className="h-[124px]" />
    </div>
  );
}
