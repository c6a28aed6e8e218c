"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { signInMethodMessage } from "@/lib/sign-in-methods";
import { toast } from "@/lib/toast";

import { loginInputSchema, useLogin, type LoginInput, type LoginResult } from "../api/use-login";

type LoginFormProps = {
  /** Signed in, or a second factor is due: the page decides where to go. */
  onSuccess: (result: LoginResult) => void;
};

export function LoginForm({ onSuccess }: LoginFormProps) {
  const login = useLogin();
  const { register, handleSubmit, formState } = useForm<LoginInput>({
    resolver: zodResolver(loginInputSchema),
    defaultValues: { email: "", password: "" },
  });
  const { errors } = formState;

  const onSubmit = handleSubmit((input) =>
    login.mutate(input, {
      onSuccess,
      // For a 401 this is the server's "Invalid email or password"; a disabled account says so.
      onError: (error) => toast.error(signInMethodMessage(error)),
    }),
  );

  return (
    <Form onSubmit={onSubmit}>
      <TextField label="Email" type="email" autoComplete="email" error={errors.email?.message} {...register("email")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...register("password")}
      />
      <p className="-mt-2 mb-2 text-sm">
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
      <Button type="submit" pending={login.isPending}>
        Sign in
      </Button>
    </Form>
  );
}
