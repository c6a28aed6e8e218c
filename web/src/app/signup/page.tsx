import type { Metadata } from "next";
import Link from "next/link";

import { Card } from "@/components/ui/card";
import { SignupScreen } from "./_components/signup-screen";

export const metadata: Metadata = { title: "Create account" };

export default function SignupPage() {
  return (
    <Card
      title="Create your account"
      intro={
        <>
          Already have one? <Link href="/login">Sign in instead</Link>
        </>
      }
    >
      <SignupScreen />
    </Card>
  );
}
