"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { toApiError } from "@/lib/envelope";
import { showServerError } from "@/lib/form-errors";
import { toast } from "@/lib/toast";

import { useLogin } from "../api/use-login";
import { WELCOME_NEW } from "../messages";
import { signupInputSchema, useSignup, type SignupInput } from "../api/use-signup";

const FIELDS = ["name", "email", "password"] as const;

/** The form's Name and Email, lent to another way of making the account (a passkey). */
export type NameAndEmailAccess = {
  /** Checks Name and Email only; their values, or null when an error is shown. */
  nameAndEmail: () => Promise<{ name: string; email: string } | null>;
  showError: (field: "name" | "email", message: string) => void;
};

type SignupFormProps = {
  /** Another way to sign up, shown below the button, that uses the same Name and Email. */
  alternative?: (fields: NameAndEmailAccess) => ReactNode;
};

export function SignupForm({ alternative }: SignupFormProps) {
  const router = useRouter();
  const signup = useSignup();
  const login = useLogin();
  const { register, handleSubmit, formState, setError, trigger, getValues, clearErrors } = useForm<SignupInput>({
    resolver: zodResolver(signupInputSchema),
    defaultValues: { name: "", email: "", password: "" },
  });
  const { errors } = formState;

  // Signup sets no cookies, so sign in with the same details right away.
  const signIn = ({ email, password }: SignupInput) =>
    login.mutate(
      { email, password },
      {
        onSuccess: () => {
          toast.success(WELCOME_NEW);
          router.replace("/");
        },
        onError: (error) => {
          toast.error(toApiError(error).message);
          router.replace("/login");
        },
      },
    );

  const onSubmit = handleSubmit((input) =>
    signup.mutate(input, {
      onSuccess: () => signIn(input),
      onError: (error) =>
        showServerError(error, { setError, fields: FIELDS, codeFields: { email_taken: "email" } }),
    }),
  );

  const fields: NameAndEmailAccess = {
    nameAndEmail: async () => {
      clearErrors("password");
      if (!(await trigger(["name", "email"], { shouldFocus: true }))) return null;
      const { name, email } = signupInputSchema.shape;
      return { name: name.parse(getValues("name")), email: email.parse(getValues("email")) };
    },
    showError: (field, message) => setError(field, { type: "server", message }, { shouldFocus: true }),
  };

  return (
    <Form onSubmit={onSubmit}>
      <TextField label="Name" autoComplete="name" error={errors.name?.message} {...register("name")} />
      <TextField label="Email" type="email" autoComplete="email" error={errors.email?.message} {...register("email")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters. A long phrase is easy to remember and hard to guess."
        error={errors.password?.message}
        {...register("password")}
      />
      <Button type="submit" pending={signup.isPending || login.isPending}>
        Create account
      </Button>
      {alternative?.(fields)}
    </Form>
  );
}
