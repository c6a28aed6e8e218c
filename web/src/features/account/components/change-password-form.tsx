"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { showServerError } from "@/lib/form-errors";
import { toast } from "@/lib/toast";

import {
  changePasswordInputSchema,
  useChangePassword,
  type ChangePasswordInput,
} from "../api/use-change-password";

export const PASSWORD_CHANGED = "Your password is changed. Your other sessions have been signed out.";

export function ChangePasswordForm() {
  const change = useChangePassword();
  const { register, handleSubmit, formState, setError, reset } = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordInputSchema),
    defaultValues: { currentPassword: "", newPassword: "" },
  });
  const { errors } = formState;

  const onSubmit = handleSubmit((input) =>
    change.mutate(input, {
      onSuccess: () => {
        reset();
        toast.success(PASSWORD_CHANGED);
      },
      onError: (error) =>
        showServerError(error, {
          setError,
          fields: ["currentPassword", "newPassword"],
          codeFields: { invalid_current_password: "currentPassword" },
        }),
    }),
  );

  return (
    <Form onSubmit={onSubmit}>
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={errors.currentPassword?.message}
        {...register("currentPassword")}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={errors.newPassword?.message}
        {...register("newPassword")}
      />
      <div>
        <Button type="submit" pending={change.isPending}>
          Change password
        </Button>
      </div>
    </Form>
  );
}
