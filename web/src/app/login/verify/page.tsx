import type { Metadata } from "next";

import { Card } from "@/components/ui/card";

import { VerifyScreen } from "./_components/verify-screen";

export const metadata: Metadata = { title: "Verify it's you" };

export default function LoginVerifyPage() {
  return (
    <Card title="Verify it's you" intro="Two-factor authentication is on for this account.">
      <VerifyScreen />
    </Card>
  );
}
