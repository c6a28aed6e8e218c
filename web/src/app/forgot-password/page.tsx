import type { Metadata } from "next";
import Link from "next/link";

import { Card } from "@/components/ui/card";
import { ForgotPasswordForm } from "@/features/auth/components/forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <Card
      title="Forgot your password?"
      intro={
        <>
          Enter your email address and we&apos;ll send you a link to choose a new one.{" "}
          <Link href="/login">Back to sign in</Link>
        </>
      }
    >
      <ForgotPasswordForm />
    </Card>
  );
}
