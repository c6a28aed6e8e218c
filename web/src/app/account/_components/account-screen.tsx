"use client";

import { Section } from "@/components/ui/section";
import { Skeleton } from "@/components/ui/skeleton";
import { ChangePasswordForm } from "@/features/account/components/change-password-form";
import { DeleteAccountForm } from "@/features/account/components/delete-account-form";
import { ProfileForm } from "@/features/account/components/profile-form";
import { SecurityEventsList } from "@/features/account/components/security-events-list";
import { RequireAuth } from "@/features/auth/components/require-auth";
import { SessionsList } from "@/features/auth/components/sessions-list";
import { useErrorParam } from "@/lib/use-error-param";

export function AccountScreen() {
  // Back from a provider that could not be connected, with `?error=`.
  useErrorParam(() => void import("@/features/providers/error-param").then((m) => m.showErrorParam("link")));
  return (
    <RequireAuth fallback={<AccountSkeleton />}>
      {(user) => (
        <div className="flex flex-col gap-6">
          <Section title="Profile">
            <ProfileForm key={user.userId} user={user} />
          </Section>
          <Section title="Password" intro="Changing it signs you out everywhere else.">
            <ChangePasswordForm />
          </Section>
          <Section title="Sessions" intro="The browsers and devices where you're signed in.">
            <SessionsList />
          </Section>
          <Section title="Recent activity" intro="Sign-ins and changes to your account, newest first.">
            <SecurityEventsList />
          </Section>
          <Section
            title="Delete account"
            intro="This deletes your account and signs you out everywhere. It cannot be undone."
          >
            <DeleteAccountForm />
          </Section>
        </div>
      )}
    </RequireAuth>
  );
}

function AccountSkeleton() {
  return (
    <div className="flex flex-col gap-6">
      <Skeleton className="h-[370px]" />
      <Skeleton className="h-[394px]" />
      <Skeleton className="h-[292px]" />
    </div>
  );
}
