"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { toApiError } from "@/lib/envelope";
import { showServerError } from "@/lib/form-errors";
import { toast } from "@/lib/toast";
import { useLinkToken } from "@/lib/use-link-token";

import {
  resetPasswordInputSchema,
  useResetPassword,
  type ResetPasswordInput,
} from "../api/use-reset-password";

export const PASSWORD_RESET = "Your password has been reset. Please sign in with your new password.";

type FormValues = Omit<ResetPasswordInput, "token">;

/** Reads `?token=` (and takes it out of the address); render inside <Suspense>. */
export function ResetPasswordFromLink() {
  const token = useLinkToken();
  return <ResetPasswordForm token={token} />;
}

/** `token` is undefined while the address is still being read. */
export function ResetPasswordForm({ token }: { token?: string | null }) {
  const router = useRouter();
  const reset = useResetPassword();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<FormValues>({
    resolver: zodResolver(resetPasswordInputSchema),
    defaultValues: { newPassword: "" },
  });

  if (token === null || token === "") return <MissingToken />;

  const onSubmit = handleSubmit(({ newPassword }) => {
    if (!token) return;
    setFailure(null);
    reset.mutate(
      { token, newPassword },
      {
        onSuccess: () => {
          toast.success(PASSWORD_RESET);
          router.replace("/login");
        },
        onError: (error) => {
          // 400: the link is unknown, used or expired; say so beside the form.
          if (toApiError(error).status === 400) setFailure(toApiError(error).message);
          else showServerError(error, { setError, fields: ["newPassword"] });
        },
      },
    );
  });

  return (
    <Form onSubmit={onSubmit}>
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={formState.errors.newPassword?.message}
        {...register("newPassword")}
      />
      <Button type="submit" pending={reset.isPending} disabled={token === undefined}>
        Reset password
      </Button>
      <div role="alert" className="min-h-6 text-danger">
        {failure && (
          <>
            <p>{failure}</p>
            <p>
              <Link href="/forgot-password">Request a new link</Link>
            </p>
          </>
        )}
      </div>
    </Form>
  );
}

function MissingToken() {
  return (
    <p>
      This reset link is incomplete. Open the link from the email again, or{" "}
      <Link href="/forgot-password">request a new link</Link>.
    </p>
  );
}
