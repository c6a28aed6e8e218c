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
      <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
      <p className="mt-2 mb-6 text-muted">
        Two-factor authentication and how you sign in: <Link href="/account/security">Security</Link>
      </p>
      <AccountScreen />
    </>
  );
}
