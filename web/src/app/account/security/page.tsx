import type { Metadata } from "next";
import Link from "next/link";

import { SecurityScreen } from "./_components/security-screen";

export const metadata: Metadata = { title: "Security" };

export default function SecurityPage() {
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/account">← Account</Link>
      </p>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Security</h1>
      <SecurityScreen />
    </>
  );
}
