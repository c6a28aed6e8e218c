"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { showServerError } from "@/lib/form-errors";
import { toast } from "@/lib/toast";
import type { User } from "@/types/api";

import {
  updateProfileInputSchema,
  useUpdateProfile,
  type UpdateProfileInput,
} from "../api/use-update-profile";

export const PROFILE_SAVED = "Your profile is saved.";

export function ProfileForm({ user }: { user: User }) {
  const update = useUpdateProfile();
  const { register, handleSubmit, formState, setError, reset } = useForm<UpdateProfileInput>({
    resolver: zodResolver(updateProfileInputSchema),
    defaultValues: { name: user.name, avatarUrl: user.avatarUrl ?? "" },
  });
  const { errors } = formState;

  const onSubmit = handleSubmit((input) =>
    update.mutate(input, {
      onSuccess: (saved) => {
        reset({ name: saved.name, avatarUrl: saved.avatarUrl ?? "" });
        toast.success(PROFILE_SAVED);
      },
      onError: (error) => showServerError(error, { setError, fields: ["name", "avatarUrl"] }),
    }),
  );

  return (
    <Form onSubmit={onSubmit}>
      <TextField label="Name" autoComplete="name" error={errors.name?.message} {...register("name")} />
      <TextField
        label="Avatar URL"
        type="url"
        inputMode="url"
        placeholder="https://"
        hint="A link to a picture of you. Leave empty for none."
        error={errors.avatarUrl?.message}
        {...register("avatarUrl")}
      />
      <div>
        <Button type="submit" pending={update.isPending}>
          Save
        </Button>
      </div>
    </Form>
  );
}
