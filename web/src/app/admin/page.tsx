import type { Metadata } from "next";
import Link from "next/link";

import { AdminScreen } from "./_components/admin-screen";

export const metadata: Metadata = { title: "Administration" };

export default function AdminPage() {
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/">← Home</Link>
      </p>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Administration</h1>
      <AdminScreen />
    </>
  );
}
