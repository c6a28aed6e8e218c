"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { showServerError } from "@/lib/form-errors";

import {
  forgotPasswordInputSchema,
  useForgotPassword,
  type ForgotPasswordInput,
} from "../api/use-forgot-password";

export const RESET_LINK_SENT =
  "If an account exists for that address, we've sent a link to reset the password.";

export function ForgotPasswordForm() {
  const forgot = useForgotPassword();
  const { register, handleSubmit, formState, setError } = useForm<ForgotPasswordInput>({
    resolver: zodResolver(forgotPasswordInputSchema),
    defaultValues: { email: "" },
  });

  const onSubmit = handleSubmit((input) =>
    forgot.mutate(input, { onError: (error) => showServerError(error, { setError, fields: ["email"] }) }),
  );

  return (
    <Form onSubmit={onSubmit}>
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        error={formState.errors.email?.message}
        {...register("email")}
      />
      <Button type="submit" pending={forgot.isPending}>
        Send reset link
      </Button>
      {/* The same words whether or not the account exists. */}
      <p role="status" className="min-h-6 text-success">
        {forgot.isSuccess && RESET_LINK_SENT}
      </p>
    </Form>
  );
}
