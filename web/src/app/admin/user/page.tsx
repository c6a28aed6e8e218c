import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { UserDetailsSkeleton } from "@/features/admin/components/user-details";

import { UserScreen } from "./_components/user-screen";

export const metadata: Metadata = { title: "User · Administration" };

export default function AdminUserPage() {
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin">← Users</Link>
      </p>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">User</h1>
      {/* The id is in the query string (`?id=`), which a static export reads in the browser. */}
      <Suspense fallback={<UserDetailsSkeleton />}>
        <UserScreen />
      </Suspense>
    </>
  );
}
