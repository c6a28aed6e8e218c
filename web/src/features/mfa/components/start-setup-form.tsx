"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { showServerError } from "@/lib/form-errors";

import {
  startTotpInputSchema,
  useStartTotpSetup,
  type StartTotpInput,
  type TotpSetup,
} from "../api/use-start-totp-setup";
import { isOutOfDate } from "../conflicts";

type StartSetupFormProps = {
  onStarted: (setup: TotpSetup) => void;
  onOutOfDate: () => void;
  onCancel: () => void;
};

/** Setting up two-factor authentication starts with the password. */
export function StartSetupForm({ onStarted, onOutOfDate, onCancel }: StartSetupFormProps) {
  const start = useStartTotpSetup();
  const { register, handleSubmit, formState, setError } = useForm<Required<StartTotpInput>>({
    resolver: zodResolver(startTotpInputSchema),
    defaultValues: { currentPassword: "" },
  });

  const onSubmit = handleSubmit((input) =>
    start.mutate(input, {
      onSuccess: onStarted,
      onError: (error) => {
        if (isOutOfDate(error)) onOutOfDate();
        else
          showServerError(error, {
            setError,
            fields: ["currentPassword"],
            codeFields: { invalid_current_password: "currentPassword" },
          });
      },
    }),
  );

  return (
    <Form onSubmit={onSubmit}>
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        autoFocus
        error={formState.errors.currentPassword?.message}
        {...register("currentPassword")}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={start.isPending}>
          Continue
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
