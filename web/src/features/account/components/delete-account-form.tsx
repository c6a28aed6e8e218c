"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { showServerError } from "@/lib/form-errors";

import {
  deleteAccountInputSchema,
  useDeleteAccount,
  type DeleteAccountInput,
} from "../api/use-delete-account";

export function DeleteAccountForm() {
  const remove = useDeleteAccount();
  const { register, handleSubmit, formState, setError } = useForm<DeleteAccountInput>({
    resolver: zodResolver(deleteAccountInputSchema),
    defaultValues: { password: "" },
  });

  const onSubmit = handleSubmit((input) =>
    remove.mutate(input, {
      onError: (error) =>
        showServerError(error, {
          setError,
          fields: ["password"],
          codeFields: { invalid_current_password: "password" },
        }),
    }),
  );

  return (
    <Form onSubmit={onSubmit}>
      <TextField
        label="Confirm with your password"
        type="password"
        autoComplete="current-password"
        error={formState.errors.password?.message}
        {...register("password")}
      />
      <div>
        <Button type="submit" variant="danger" pending={remove.isPending}>
          Delete account
        </Button>
      </div>
    </Form>
  );
}
