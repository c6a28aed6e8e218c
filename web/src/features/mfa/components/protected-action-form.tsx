"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { showServerError } from "@/lib/form-errors";

import { protectedInputSchema, type ProtectedInput } from "../api/schemas";

type ProtectedActionFormProps = {
  hasPassword: boolean;
  submitLabel: string;
  variant?: "primary" | "danger";
  pending: boolean;
  /** Runs the action; calls back with its error for the fields, if any. */
  onSubmit: (input: ProtectedInput, onError: (error: unknown) => void) => void;
  onCancel: () => void;
};

/** Turning two-factor off or making new codes: the password (if any) and a code. */
export function ProtectedActionForm({
  hasPassword,
  submitLabel,
  variant = "primary",
  pending,
  onSubmit,
  onCancel,
}: ProtectedActionFormProps) {
  const { register, handleSubmit, formState, setError } = useForm<ProtectedInput>({
    resolver: zodResolver(protectedInputSchema(hasPassword)),
    defaultValues: { currentPassword: "", code: "" },
  });
  const { errors } = formState;

  const submit = handleSubmit((input) =>
    onSubmit(input, (error) =>
      showServerError(error, {
        setError,
        fields: ["currentPassword", "code"],
        codeFields: { invalid_current_password: "currentPassword", invalid_mfa_code: "code" },
      }),
    ),
  );

  return (
    <Form onSubmit={submit}>
      {hasPassword && (
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          autoFocus
          error={errors.currentPassword?.message}
          {...register("currentPassword")}
        />
      )}
      <TextField
        label="Authentication code"
        autoComplete="one-time-code"
        autoFocus={!hasPassword}
        hint="From your authenticator app, or one of your recovery codes."
        error={errors.code?.message}
        {...register("code")}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant={variant} pending={pending}>
          {submitLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
