"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { toApiError } from "@/lib/envelope";
import { showServerError } from "@/lib/form-errors";

import { loginMfaInputSchema, useLoginMfa } from "../api/use-login-mfa";
import type { PendingSignIn } from "../stores/second-factor-store";

type LoginVerifyFormProps = {
  pending: PendingSignIn;
  onSuccess: () => void;
  /** The MFA token is over (expired, used, or out of attempts): start again. */
  onTokenEnded: () => void;
};

type Values = { code: string };

const KINDS = {
  totp: {
    label: "Authentication code",
    hint: "The 6-digit code your authenticator app shows now.",
    switchTo: "Use your authenticator app",
  },
  recovery: {
    label: "Recovery code",
    hint: "One of the codes you saved when you turned on two-factor authentication. Each works once.",
    switchTo: "Use a recovery code",
  },
} as const;

export function LoginVerifyForm({ pending, onSuccess, onTokenEnded }: LoginVerifyFormProps) {
  const [kind, setKind] = useState<keyof typeof KINDS>("totp");
  const verify = useLoginMfa();
  const { register, handleSubmit, formState, setError, reset, setFocus } = useForm<Values>({
    resolver: zodResolver(loginMfaInputSchema),
    defaultValues: { code: "" },
  });
  const other = kind === "totp" ? "recovery" : "totp";
  const canSwitch = pending.methods.includes("recovery_code");

  const onSubmit = handleSubmit(({ code }) =>
    verify.mutate(
      { mfaToken: pending.mfaToken, code },
      {
        onSuccess,
        onError: (error) => {
          if (toApiError(error).error === "invalid_mfa_token") onTokenEnded();
          else showServerError(error, { setError, fields: ["code"], codeFields: { invalid_mfa_code: "code" } });
        },
      },
    ),
  );

  const switchKind = () => {
    setKind(other);
    reset({ code: "" });
    setTimeout(() => setFocus("code"));
  };

  const field = KINDS[kind];
  return (
    <Form onSubmit={onSubmit}>
      <TextField
        key={kind}
        label={field.label}
        hint={field.hint}
        autoComplete={kind === "totp" ? "one-time-code" : "off"}
        inputMode={kind === "totp" ? "numeric" : "text"}
        autoCapitalize="off"
        spellCheck={false}
        autoFocus
        error={formState.errors.code?.message}
        {...register("code")}
      />
      <Button type="submit" pending={verify.isPending}>
        Verify
      </Button>
      {canSwitch && (
        <Button variant="link" onClick={switchKind}>
          {KINDS[other].switchTo}
        </Button>
      )}
    </Form>
  );
}
