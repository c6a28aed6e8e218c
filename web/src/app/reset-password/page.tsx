import type { Metadata } from "next";
import { Suspense } from "react";

import { Card } from "@/components/ui/card";
import { ResetPasswordForm, ResetPasswordFromLink } from "@/features/auth/components/reset-password-form";

export const metadata: Metadata = { title: "Reset password" };

export default function ResetPasswordPage() {
  return (
    <Card title="Choose a new password" intro="After this, sign in with your new password.">
      {/* The token is in the address, known only in the browser. */}
      <Suspense fallback={<ResetPasswordForm />}>
        <ResetPasswordFromLink />
      </Suspense>
    </Card>
  );
}
