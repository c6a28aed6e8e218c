"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId } from "react";
import { useForm } from "react-hook-form";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { TextField } from "@/components/ui/text-field";
import { showServerError } from "@/lib/form-errors";

import { confirmTotpInputSchema, useConfirmTotp, type ConfirmTotpInput } from "../api/use-confirm-totp";
import type { TotpSetup as Setup } from "../api/use-start-totp-setup";
import { isOutOfDate } from "../conflicts";
import { groupSecret } from "../recovery-codes-file";
import { QrCode } from "./qr-code";

type TotpSetupProps = {
  setup: Setup;
  onEnabled: (recoveryCodes: string[]) => void;
  onOutOfDate: () => void;
  onCancel: () => void;
};

/** The new secret as a QR code and as text; a code from the app turns it on. */
export function TotpSetup({ setup, onEnabled, onOutOfDate, onCancel }: TotpSetupProps) {
  const id = useId();
  const confirm = useConfirmTotp();
  const { register, handleSubmit, formState, setError } = useForm<ConfirmTotpInput>({
    resolver: zodResolver(confirmTotpInputSchema),
    defaultValues: { code: "" },
  });

  const onSubmit = handleSubmit((input) =>
    confirm.mutate(input, {
      onSuccess: onEnabled,
      onError: (error) => {
        if (isOutOfDate(error)) onOutOfDate();
        else showServerError(error, { setError, fields: ["code"], codeFields: { invalid_mfa_code: "code" } });
      },
    }),
  );

  return (
    <div className="flex flex-col gap-6">
      <ol className="flex list-decimal flex-col gap-2 ps-5 text-sm">
        <li>Open an authenticator app on your phone and add an account.</li>
        <li>Scan the QR code, or type the secret key into the app.</li>
        <li>Enter the 6-digit code the app shows, to check that it works.</li>
      </ol>
      <div className="flex flex-col items-start gap-6 sm:flex-row">
        <QrCode value={setup.otpauthUri} label="QR code for your authenticator app" />
        <div className="flex w-full min-w-0 flex-col gap-1">
          <label htmlFor={`${id}-secret`} className="text-sm font-medium">
            Secret key
          </label>
          <input
            id={`${id}-secret`}
            readOnly
            value={groupSecret(setup.secret)}
            aria-describedby={`${id}-secret-hint`}
            className="field-input font-mono tracking-wide"
            onFocus={(event) => event.currentTarget.select()}
          />
          <p id={`${id}-secret-hint`} className="text-sm text-muted">
            For typing into the app by hand (spaces don&apos;t matter). It is shown only now.
          </p>
        </div>
      </div>
      <Form onSubmit={onSubmit}>
        <TextField
          label="Authentication code"
          autoComplete="one-time-code"
          inputMode="numeric"
          hint="The 6-digit code your authenticator app shows now."
          error={formState.errors.code?.message}
          {...register("code")}
        />
        <div className="flex flex-wrap gap-3">
          <Button type="submit" pending={confirm.isPending}>
            Turn on
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </Form>
    </div>
  );
}
