"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";

import { AdminOnly } from "@/features/admin/components/admin-only";
import { UserDetails, UserDetailsSkeleton } from "@/features/admin/components/user-details";
import { RequireAuth } from "@/features/auth/components/require-auth";

export function UserScreen() {
  const router = useRouter();
  const userId = useSearchParams().get("id");

  return (
    <RequireAuth fallback={<UserDetailsSkeleton />}>
      {(viewer) => (
        <AdminOnly user={viewer}>
          {userId ? (
            <UserDetails
              key={userId}
              userId={userId}
              viewerId={viewer.userId}
              onDeleted={() => router.push("/admin")}
            />
          ) : (
            <p role="alert">
              This address names no one. <Link href="/admin">Back to the users</Link>
            </p>
          )}
        </AdminOnly>
      )}
    </RequireAuth>
  );
}
