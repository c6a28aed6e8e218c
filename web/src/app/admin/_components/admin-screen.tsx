"use client";

import { Skeleton } from "@/components/ui/skeleton";
import { AdminOnly } from "@/features/admin/components/admin-only";
import { UserSearch } from "@/features/admin/components/user-search";
import { RequireAuth } from "@/features/auth/components/require-auth";

export function AdminScreen() {
  return (
    <RequireAuth fallback={<AdminSkeleton />}>
      {(user) => (
        <AdminOnly user={user}>
          <UserSearch />
        </AdminOnly>
      )}
    </RequireAuth>
  );
}

function AdminSkeleton() {
  return (
    <div className="flex flex-col gap-4">
      <Skeleton className="h-[118px] max-w-md" />
      <Skeleton className="h-96" />
    </div>
  );
}
