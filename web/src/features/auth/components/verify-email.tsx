"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";

import { toApiError } from "@/lib/envelope";
import { useLinkToken } from "@/lib/use-link-token";

import { useVerifyEmail } from "../api/use-verify-email";

export const EMAIL_VERIFIED = "Your email address is verified.";
const VERIFYING = "Verifying your email address…";
const NO_TOKEN = "This verification link is incomplete. Open the link from the email again.";

/** Reads `?token=` (and takes it out of the address), verifies it once; render inside <Suspense>. */
export function VerifyEmailFromLink() {
  const token = useLinkToken();
  const verify = useVerifyEmail();
  const { mutate } = verify;
  const started = useRef(false);

  useEffect(() => {
    // Strict mode runs effects twice in development; a token is single-use.
    if (started.current || !token) return;
    started.current = true;
    mutate(token);
  }, [token, mutate]);

  if (!token) return <VerifyEmailStatus message={NO_TOKEN} tone="danger" />;
  if (verify.isSuccess) return <VerifyEmailStatus message={EMAIL_VERIFIED} tone="success" done />;
  if (verify.isError) {
    return <VerifyEmailStatus message={toApiError(verify.error).message} tone="danger" done />;
  }
  return <VerifyEmailStatus message={VERIFYING} />;
}

type StatusProps = { message: string; tone?: "success" | "danger"; done?: boolean };

export function VerifyEmailStatus({ message = VERIFYING, tone, done = false }: Partial<StatusProps>) {
  const color = tone === "success" ? "text-success" : tone === "danger" ? "text-danger" : "";
  return (
    <div className="flex min-h-24 flex-col gap-4">
      <p role="status" className={`font-medium ${color}`}>
        {message}
      </p>
      {/* Reserved while verifying so the page does not move. */}
      <p className={done ? "" : "invisible"}>
        <Link href="/">Continue</Link>
      </p>
    </div>
  );
}
