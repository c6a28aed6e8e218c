"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { showServerError } from "@/lib/form-errors";
import { toast } from "@/lib/toast";

import { setPasswordInputSchema, useSetPassword, type SetPasswordInput } from "../api/use-set-password";

export const PASSWORD_SET = "Your password is set. You can now sign in with it.";

export function SetPasswordForm() {
  const set = useSetPassword();
  const { register, handleSubmit, formState, setError, reset } = useForm<SetPasswordInput>({
    resolver: zodResolver(setPasswordInputSchema),
    defaultValues: { newPassword: "" },
  });

  const onSubmit = handleSubmit((input) =>
    set.mutate(input, {
      onSuccess: () => {
        reset();
        toast.success(PASSWORD_SET);
      },
      onError: (error) => showServerError(error, { setError, fields: ["newPassword"] }),
    }),
  );

  return (
    <Form onSubmit={onSubmit}>
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters. A long phrase is easy to remember and hard to guess."
        error={formState.errors.newPassword?.message}
        {...register("newPassword")}
      />
      <div>
        <Button type="submit" pending={set.isPending}>
          Set a password
        </Button>
      </div>
    </Form>
  );
}
