"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { toApiError } from "@/lib/envelope";
import { showServerError } from "@/lib/form-errors";
import { toast } from "@/lib/toast";

import { useLogin } from "../api/use-login";
import { signupInputSchema, useSignup, type SignupInput } from "../api/use-signup";

const FIELDS = ["name", "email", "password"] as const;

export function SignupForm() {
  const router = useRouter();
  const signup = useSignup();
  const login = useLogin();
  const { register, handleSubmit, formState, setError } = useForm<SignupInput>({
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
          toast.success("Welcome to authgate! Your account is ready.");
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
    </Form>
  );
}
