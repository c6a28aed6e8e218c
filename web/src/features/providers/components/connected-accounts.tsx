"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import * as z from "zod/mini";

import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { Section } from "@/components/ui/section";
import { TextField } from "@/components/ui/text-field";
import { formatDate } from "@/lib/describe-agent";
import { toApiError } from "@/lib/envelope";
import { showServerError } from "@/lib/form-errors";
import { isUnauthorized } from "@/lib/http-status";
import { signInMethodMessage } from "@/lib/sign-in-methods";
import { toast } from "@/lib/toast";
import { currentPasswordField } from "@/lib/validation";

import { useGetIdentities, type Identity } from "../api/use-get-identities";
import { useGetProviders } from "../api/use-get-providers";
import { useUnlinkIdentity } from "../api/use-unlink-identity";
import { authorizeHref } from "../messages";

const BACK_HERE = "/account/security";

type Row = { name: string; displayName: string; identity: Identity | undefined };

/**
 * "Connected accounts": per configured provider "Connect" or "Disconnect", and
 * any linked provider the service no longer offers. Nothing when there are none.
 */
export function ConnectedAccounts({ hasPassword }: { hasPassword: boolean }) {
  const providers = useGetProviders();
  const identities = useGetIdentities();
  if (!providers.data || !identities.data) return null;

  const linked = new Map(identities.data.map((identity) => [identity.provider, identity]));
  const rows: Row[] = providers.data.map(({ name, displayName }) => ({
    name,
    displayName,
    identity: linked.get(name),
  }));
  for (const identity of identities.data) {
    if (!rows.some((row) => row.name === identity.provider)) {
      rows.push({ name: identity.provider, displayName: identity.provider, identity });
    }
  }
  if (rows.length === 0) return null;
  const offered = new Set(providers.data.map((provider) => provider.name));

  return (
    <Section title="Connected accounts" intro="Sign in with an account you have elsewhere.">
      <ul aria-label="Connected accounts" className="flex flex-col gap-3">
        {rows.map((row) => (
          <ProviderRow key={row.name} row={row} offered={offered.has(row.name)} hasPassword={hasPassword} />
        ))}
      </ul>
    </Section>
  );
}

function ProviderRow({ row, offered, hasPassword }: { row: Row; offered: boolean; hasPassword: boolean }) {
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const { identity } = row;

  return (
    <li aria-labelledby={`${id}-name`} className="surface flex flex-col gap-3 p-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="min-w-0">
          <p id={`${id}-name`} className="font-medium">
            {row.displayName}
          </p>
          <p className="text-sm text-muted">
            {identity ? (
              <>
                Connected{identity.email ? ` as ${identity.email}` : ""} on{" "}
                <time dateTime={identity.createdAt}>{formatDate(identity.createdAt)}</time>
              </>
            ) : (
              "Not connected"
            )}
          </p>
        </div>
        {!confirming &&
          (identity ? (
            <Button variant="secondary" className="shrink-0" onClick={() => setConfirming(true)}>
              Disconnect
            </Button>
          ) : (
            offered && (
              <Button
                variant="secondary"
                className="shrink-0"
                onClick={() =>
                  window.location.assign(authorizeHref(row.name, { next: BACK_HERE, intent: "link" }))
                }
              >
                Connect
              </Button>
            )
          ))}
      </div>
      {confirming && (
        <DisconnectForm row={row} hasPassword={hasPassword} onDone={() => setConfirming(false)} />
      )}
    </li>
  );
}

type DisconnectInput = { currentPassword: string };

function DisconnectForm({ row, hasPassword, onDone }: { row: Row; hasPassword: boolean; onDone: () => void }) {
  const unlink = useUnlinkIdentity();
  const [refusal, setRefusal] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<DisconnectInput>({
    resolver: zodResolver(z.object({ currentPassword: hasPassword ? currentPasswordField : z.string() })),
    defaultValues: { currentPassword: "" },
  });

  const onSubmit = handleSubmit((input) => {
    setRefusal(null);
    unlink.mutate(
      { ...input, provider: row.name },
      {
        onSuccess: () => {
          toast.success(`${row.displayName} is disconnected.`);
          onDone();
        },
        onError: (error) => {
          const { status } = toApiError(error);
          if (status === 409 || status === 403 || status === 404) setRefusal(signInMethodMessage(error));
          else if (!isUnauthorized(error))
            showServerError(error, {
              setError,
              fields: ["currentPassword"],
              codeFields: { invalid_current_password: "currentPassword" },
            });
        },
      },
    );
  });

  return (
    <Form onSubmit={onSubmit}>
      <p className="text-sm">You will no longer be able to sign in with {row.displayName}.</p>
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
        <Button type="submit" variant="danger" pending={unlink.isPending}>
          Disconnect {row.displayName}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
