import type { Metadata } from "next";
import Link from "next/link";

import { AccountScreen } from "./_components/account-screen";

export const metadata: Metadata = { title: "Account" };

export default function AccountPage() {
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/">← Home</Link>
      </p>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Account</h1>
      <AccountScreen />
    </>
  );
}
