"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { toastError } from "@/lib/form-errors";
import { queryKeys } from "@/lib/query-keys";
import { toast } from "@/lib/toast";

import type { ProtectedInput } from "../api/schemas";
import { useDisableTotp } from "../api/use-disable-totp";
import { useRegenerateRecoveryCodes } from "../api/use-regenerate-recovery-codes";
import { useStartTotpSetup, type TotpSetup as Setup } from "../api/use-start-totp-setup";
import { isOutOfDate } from "../conflicts";
import { ProtectedActionForm } from "./protected-action-form";
import { RecoveryCodes } from "./recovery-codes";
import { StartSetupForm } from "./start-setup-form";
import { TotpSetup } from "./totp-setup";

type TwoFactorProps = {
  /** The account's email, named in the recovery codes file. */
  account: string;
  hasPassword: boolean;
  totpEnabled: boolean;
  recoveryCodesLeft: number;
};

type Step =
  | { name: "idle" }
  | { name: "password" }
  | { name: "setup"; setup: Setup }
  | { name: "codes"; codes: string[] }
  | { name: "disable" }
  | { name: "regenerate" };

const IDLE: Step = { name: "idle" };

export const TOTP_OFF = "Two-factor authentication is off.";

/** Two-factor authentication: set it up, see the recovery codes once, turn it off. */
export function TwoFactor({ account, hasPassword, totpEnabled, recoveryCodesLeft }: TwoFactorProps) {
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>(IDLE);
  const start = useStartTotpSetup();
  const disable = useDisableTotp();
  const regenerate = useRegenerateRecoveryCodes();

  const idle = () => setStep(IDLE);
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.securityOverview });
    idle();
  };
  // Asks for the password first when there is one; the server checks it.
  const beginSetup = () => {
    if (hasPassword) {
      setStep({ name: "password" });
      return;
    }
    start.mutate(
      {},
      {
        onSuccess: (setup) => setStep({ name: "setup", setup }),
        onError: (error) => (isOutOfDate(error) ? reload() : toastError(error)),
      },
    );
  };
  const onProtected =
    (action: "disable" | "regenerate") => (input: ProtectedInput, onError: (error: unknown) => void) => {
      const fail = (error: unknown) => (isOutOfDate(error) ? reload() : onError(error));
      if (action === "disable") {
        disable.mutate(input, {
          onSuccess: () => {
            toast.success(TOTP_OFF);
            idle();
          },
          onError: fail,
        });
      } else {
        regenerate.mutate(input, { onSuccess: (codes) => setStep({ name: "codes", codes }), onError: fail });
      }
    };

  switch (step.name) {
    case "codes":
      return <RecoveryCodes codes={step.codes} account={account} onDone={idle} />;
    case "password":
      return (
        <StartSetupForm
          onStarted={(setup) => setStep({ name: "setup", setup })}
          onOutOfDate={reload}
          onCancel={idle}
        />
      );
    case "setup":
      return (
        <TotpSetup
          setup={step.setup}
          onEnabled={(codes) => {
            toast.success("Two-factor authentication is on.");
            setStep({ name: "codes", codes });
          }}
          onOutOfDate={reload}
          onCancel={idle}
        />
      );
    case "disable":
    case "regenerate":
      return (
        <div className="flex flex-col gap-4">
          <p className="text-sm">
            {step.name === "disable"
              ? "Turning it off removes your recovery codes too; signing in will need only your password."
              : "Your current recovery codes will stop working."}
          </p>
          <ProtectedActionForm
            hasPassword={hasPassword}
            submitLabel={step.name === "disable" ? "Turn off" : "Get new codes"}
            variant={step.name === "disable" ? "danger" : "primary"}
            pending={step.name === "disable" ? disable.isPending : regenerate.isPending}
            onSubmit={onProtected(step.name)}
            onCancel={idle}
          />
        </div>
      );
    case "idle":
      return totpEnabled ? (
        <div className="flex flex-col gap-4">
          <Status on>
            Signing in asks for a code from your authenticator app after your password.{" "}
            {recoveryCodesLeft === 1 ? "1 recovery code left." : `${recoveryCodesLeft} recovery codes left.`}
          </Status>
          <div className="flex flex-wrap gap-3">
            <Button variant="secondary" onClick={() => setStep({ name: "regenerate" })}>
              Get new recovery codes
            </Button>
            <Button variant="danger" onClick={() => setStep({ name: "disable" })}>
              Turn off two-factor authentication
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-col gap-4">
          <Status on={false}>
            Add a code from an authenticator app to your password, so a stolen password alone cannot open
            your account.
          </Status>
          <div>
            <Button pending={start.isPending} onClick={beginSetup}>
              Set up two-factor authentication
            </Button>
          </div>
        </div>
      );
  }
}

function Status({ on, children }: { on: boolean; children: ReactNode }) {
  return (
    <p className="text-sm">
      <span
        className={`me-2 rounded-full border border-current px-2 py-0.5 text-xs font-semibold ${on ? "text-success" : "text-muted"}`}
      >
        {on ? "On" : "Off"}
      </span>
      {children}
    </p>
  );
}
