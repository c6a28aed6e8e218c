"use client";

import { useId } from "react";

import { Button } from "@/components/ui/button";
import { toast } from "@/lib/toast";

import { RECOVERY_CODES_FILE_NAME, recoveryCodesFile } from "../recovery-codes-file";

type RecoveryCodesProps = { codes: string[]; account: string; onDone: () => void };

/** The recovery codes, shown this once: to download, copy or write down. */
export function RecoveryCodes({ codes, account, onDone }: RecoveryCodesProps) {
  const id = useId();
  const text = () => recoveryCodesFile(codes, account, new Date());

  const download = () => {
    const url = URL.createObjectURL(new Blob([text()], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = RECOVERY_CODES_FILE_NAME;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const copy = () =>
    navigator.clipboard
      .writeText(text())
      .then(() => toast.success("Recovery codes copied."))
      .catch(() => toast.error("Could not copy. Select the codes and copy them by hand."));

  return (
    <div className="flex flex-col gap-4">
      <div role="status" className="rounded-lg border border-success p-3 text-sm">
        <p id={`${id}-title`} className="font-semibold">
          Save your recovery codes
        </p>
        <p className="mt-1 text-muted">
          Each code signs you in once if you lose your authenticator app. This is the only time they are
          shown: download or copy them and keep them somewhere safe.
        </p>
      </div>
      <ol
        aria-label="Recovery codes"
        className="grid grid-cols-1 gap-x-6 gap-y-1 rounded-lg bg-bg p-4 font-mono text-sm sm:grid-cols-2"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-3">
        <Button variant="secondary" onClick={download}>
          Download
        </Button>
        <Button variant="secondary" onClick={copy}>
          Copy
        </Button>
        <Button onClick={onDone}>I&apos;ve saved my codes</Button>
      </div>
    </div>
  );
}
