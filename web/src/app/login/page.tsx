import type { Metadata } from "next";
import Link from "next/link";

import { Card } from "@/components/ui/card";
import { LoginScreen } from "./_components/login-screen";

export const metadata: Metadata = { title: "Sign in" };

export default function LoginPage() {
  return (
    <Card
      title="Sign in"
      intro={
        <>
          New here? <Link href="/signup">Create an account</Link>
        </>
      }
    >
      <LoginScreen />
    </Card>
  );
}
