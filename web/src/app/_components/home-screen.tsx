"use client";

import Link from "next/link";

import { Skeleton } from "@/components/ui/skeleton";
import { RequireAuth } from "@/features/auth/components/require-auth";
import { SignOutButton } from "@/features/auth/components/sign-out-button";
import { UserSummary } from "@/features/auth/components/user-summary";
import { VerificationNotice } from "@/features/auth/components/verification-notice";
import type { User } from "@/types/api";

export function HomeScreen() {
  return <RequireAuth fallback={<HomeSkeleton />}>{(user) => <Home user={user} />}</RequireAuth>;
}

function Home({ user }: { user: User }) {
  return (
    <div className="flex flex-col gap-6">
      <UserSummary user={user} />
      {!user.emailVerified && <VerificationNotice />}
      <div className="flex flex-wrap gap-3">
        <Link href="/account" className="btn btn-primary">
          Account
        </Link>
        {user.role === "admin" && (
          <Link href="/admin" className="btn btn-secondary">
            Administration
          </Link>
        )}
        <SignOutButton />
      </div>
    </div>
  );
}

function HomeSkeleton() {
  return (
    <div className="flex flex-col gap-6">
      <Skeleton className="h-[106px]" />
      <div className="flex gap-3">
        <Skeleton className="h-11 w-28" />
        <Skeleton className="h-11 w-28" />
      </div>
    </div>
  );
}
