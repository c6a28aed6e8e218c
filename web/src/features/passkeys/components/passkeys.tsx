"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import * as z from "zod/mini";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { Skeleton } from "@/components/ui/skeleton";
import { TextField } from "@/components/ui/text-field";
import { formatDate } from "@/lib/describe-agent";
import { toApiError } from "@/lib/envelope";
import { showServerError } from "@/lib/form-errors";
import { isUnauthorized } from "@/lib/http-status";
import { toast } from "@/lib/toast";
import { currentPasswordField } from "@/lib/validation";

import type { Passkey } from "../api/schemas";
import { addPasskeyInputSchema, useAddPasskey, type AddPasskeyInput } from "../api/use-add-passkey";
import { useGetPasskeys } from "../api/use-get-passkeys";
import { useRemovePasskey } from "../api/use-remove-passkey";
import { renamePasskeyInputSchema, useRenamePasskey, type RenamePasskeyInput } from "../api/use-rename-passkey";
import { passkeyFailure } from "../failure";
import { passkeyErrorMessage } from "../support";

type PasskeysProps = { hasPassword: boolean };

/** The person's passkeys: list, rename, remove, and "Add a passkey". */
export function Passkeys({ hasPassword }: PasskeysProps) {
  const passkeys = useGetPasskeys();
  const [adding, setAdding] = useState(false);

  return (
    <div className="flex flex-col gap-4">
      {passkeys.data ? (
        passkeys.data.length > 0 ? (
          <ul aria-label="Passkeys" className="flex flex-col gap-3">
            {passkeys.data.map((passkey) => (
              <PasskeyRow key={passkey.passkeyId} passkey={passkey} hasPassword={hasPassword} />
            ))}
          </ul>
        ) : (
          <p className="text-sm">You have no passkeys yet.</p>
        )
      ) : passkeys.isError ? (
        <p role="alert" className="text-danger">
          {toApiError(passkeys.error).message}
        </p>
      ) : (
        <div aria-busy="true">
          <span className="sr-only">Loading passkeys…</span>
          <Skeleton className="h-20" />
        </div>
      )}
      {adding ? (
        <AddPasskeyForm hasPassword={hasPassword} onDone={() => setAdding(false)} />
      ) : (
        <div>
          <Button onClick={() => setAdding(true)}>Add a passkey</Button>
        </div>
      )}
    </div>
  );
}

function AddPasskeyForm({ hasPassword, onDone }: { hasPassword: boolean; onDone: () => void }) {
  const add = useAddPasskey();
  const { register, handleSubmit, formState, setError } = useForm<AddPasskeyInput>({
    resolver: zodResolver(addPasskeyInputSchema(hasPassword)),
    defaultValues: { currentPassword: "", name: "" },
  });
  const { errors } = formState;

  const onSubmit = handleSubmit((input) =>
    add.mutate(input, {
      onSuccess: (passkey) => {
        toast.success(`Passkey "${passkey.name}" added. You can sign in with it now.`);
        onDone();
      },
      onError: (error) => {
        const prompt = passkeyErrorMessage(error, "create");
        if (prompt) toast.error(prompt);
        else if (toApiError(error).error === "reauthentication_required") toast.error(passkeyFailure(error, "create"));
        else
          showServerError(error, {
            setError,
            fields: ["currentPassword", "name"],
            codeFields: { invalid_current_password: "currentPassword" },
          });
      },
    }),
  );

  return (
    <Form onSubmit={onSubmit} aria-label="Add a passkey">
      <p className="text-sm">
        Your browser or phone will ask you to make a passkey and unlock it with your fingerprint, face, or screen
        lock.
      </p>
      {hasPassword && (
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          autoFocus
          error={errors.currentPassword?.message}
          {...register("currentPassword")}
        />
      )}
      <TextField
        label="Passkey name"
        autoComplete="off"
        autoFocus={!hasPassword}
        hint="Optional: where it lives, like “Work laptop”."
        error={errors.name?.message}
        {...register("name")}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={add.isPending}>
          Create passkey
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}

type RowStep = "idle" | "rename" | "remove";

function PasskeyRow({ passkey, hasPassword }: { passkey: Passkey; hasPassword: boolean }) {
  const id = useId();
  const [step, setStep] = useState<RowStep>("idle");
  const idle = () => setStep("idle");

  return (
    <li aria-labelledby={`${id}-name`} className="surface flex flex-col gap-3 p-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="min-w-0">
          <p id={`${id}-name`} className="truncate font-medium">
            {passkey.name}
          </p>
          <p className="text-sm text-muted">
            Added <time dateTime={passkey.createdAt}>{formatDate(passkey.createdAt)}</time> · Last used{" "}
            {passkey.lastUsedAt ? (
              <time dateTime={passkey.lastUsedAt}>{formatDate(passkey.lastUsedAt)}</time>
            ) : (
              "never"
            )}
          </p>
        </div>
        {step === "idle" && (
          <div className="flex shrink-0 gap-2">
            <Button variant="secondary" onClick={() => setStep("rename")}>
              Rename
            </Button>
            <Button variant="danger" onClick={() => setStep("remove")}>
              Remove
            </Button>
          </div>
        )}
      </div>
      {step === "rename" && <RenameForm passkey={passkey} onDone={idle} />}
      {step === "remove" && <RemoveForm passkey={passkey} hasPassword={hasPassword} onDone={idle} />}
    </li>
  );
}

function RenameForm({ passkey, onDone }: { passkey: Passkey; onDone: () => void }) {
  const rename = useRenamePasskey();
  const { register, handleSubmit, formState, setError } = useForm<RenamePasskeyInput>({
    resolver: zodResolver(renamePasskeyInputSchema),
    defaultValues: { name: passkey.name },
  });

  const onSubmit = handleSubmit((input) =>
    rename.mutate(
      { ...input, passkeyId: passkey.passkeyId },
      {
        onSuccess: () => {
          toast.success("Passkey renamed.");
          onDone();
        },
        onError: (error) => showServerError(error, { setError, fields: ["name"] }),
      },
    ),
  );

  return (
    <Form onSubmit={onSubmit}>
      <TextField
        label="Passkey name"
        autoComplete="off"
        autoFocus
        error={formState.errors.name?.message}
        {...register("name")}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={rename.isPending}>
          Save
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}

type RemoveInput = { currentPassword: string };

function RemoveForm({ passkey, hasPassword, onDone }: { passkey: Passkey; hasPassword: boolean; onDone: () => void }) {
  const remove = useRemovePasskey();
  const [refusal, setRefusal] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<RemoveInput>({
    resolver: zodResolver(z.object({ currentPassword: hasPassword ? currentPasswordField : z.string() })),
    defaultValues: { currentPassword: "" },
  });

  const onSubmit = handleSubmit((input) => {
    setRefusal(null);
    remove.mutate(
      { ...input, passkeyId: passkey.passkeyId },
      {
        onSuccess: () => toast.success(`Passkey "${passkey.name}" removed.`),
        onError: (error) => {
          const { status, error: code } = toApiError(error);
          if (status === 409 || status === 403 || (status === 404 && code === "passkey_not_found")) {
            setRefusal(passkeyFailure(error, "create"));
          } else if (!isUnauthorized(error)) {
            showServerError(error, {
              setError,
              fields: ["currentPassword"],
              codeFields: { invalid_current_password: "currentPassword" },
            });
          }
        },
      },
    );
  });

  return (
    <Form onSubmit={onSubmit}>
      <p className="text-sm">
        You will no longer be able to sign in with this passkey. Also delete it from your device or password
        manager.
      </p>
      {hasPassword && (
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          autoFocus
          error={formState.errors.currentPassword?.message}
          {...register("currentPassword")}
        />
      )}
      {refusal && (
        <p role="alert" className="text-sm text-danger">
          {refusal}
        </p>
      )}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="danger" pending={remove.isPending}>
          Remove passkey
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
