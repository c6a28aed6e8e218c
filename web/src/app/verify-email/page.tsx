import type { Metadata } from "next";
import { Suspense } from "react";

import { Card } from "@/components/ui/card";
import { VerifyEmailFromLink, VerifyEmailStatus } from "@/features/auth/components/verify-email";

export const metadata: Metadata = { title: "Verify email" };

export default function VerifyEmailPage() {
  return (
    <Card title="Verify your email">
      <Suspense fallback={<VerifyEmailStatus />}>
        <VerifyEmailFromLink />
      </Suspense>
    </Card>
  );
}
