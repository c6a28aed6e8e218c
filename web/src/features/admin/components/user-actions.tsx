"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { isUnauthorized } from "@/lib/http-status";
import { queryKeys } from "@/lib/query-keys";
import { toast } from "@/lib/toast";

import { userChanged } from "../api/keys";
import type { AdminUser } from "../api/schemas";
import { useDeleteUser } from "../api/use-delete-user";
import { useDisableUser } from "../api/use-disable-user";
import { useEnableUser } from "../api/use-enable-user";
import { useSendPasswordReset } from "../api/use-send-password-reset";
import { useUpdateUser } from "../api/use-update-user";
import { adminErrorMessage } from "../messages";

type UserActionsProps = {
  user: AdminUser;
  /** The person was deleted: the page decides where to go. */
  onDeleted: () => void;
};

/** Disable or Enable, Send password reset, Make admin or Remove admin, Delete user. */
export function UserActions({ user, onDeleted }: UserActionsProps) {
  const queryClient = useQueryClient();
  const disable = useDisableUser();
  const enable = useEnableUser();
  const reset = useSendPasswordReset();
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const [confirming, setConfirming] = useState(false);
  const { userId, name, email } = user;

  // A failed action may mean the data on screen is old (deleted elsewhere, role changed): reload it.
  const onError = (error: unknown) => {
    if (isUnauthorized(error)) return; // the session is over; lib/session.ts says so
    toast.error(adminErrorMessage(error));
    void userChanged(queryClient, userId);
  };
  const done = (message: string) => () => toast.success(message);

  const setRole = (role: AdminUser["role"]) =>
    update.mutate(
      { userId, changes: { role } },
      {
        onSuccess: () => {
          toast.success(role === "admin" ? `${name} is now an administrator.` : `${name} is no longer an administrator.`);
          // It may be the administrator themselves: their own role shows on the other pages.
          void queryClient.invalidateQueries({ queryKey: queryKeys.currentUser });
        },
        onError,
      },
    );

  const onDelete = () =>
    remove.mutate(userId, {
      onSuccess: () => {
        setConfirming(false);
        toast.success(`${name}'s account was deleted.`);
        onDeleted();
      },
      onError: (error) => {
        setConfirming(false);
        onError(error);
      },
    });

  return (
    <div className="flex flex-wrap gap-3">
      {user.disabled ? (
        <Button
          pending={enable.isPending}
          onClick={() => enable.mutate(userId, { onSuccess: done(`${name} can sign in again.`), onError })}
        >
          Enable
        </Button>
      ) : (
        <Button
          variant="danger"
          pending={disable.isPending}
          onClick={() =>
            disable.mutate(userId, {
              onSuccess: done(`${name}'s account is disabled and every session of theirs has ended.`),
              onError,
            })
          }
        >
          Disable
        </Button>
      )}
      <Button
        variant="secondary"
        pending={reset.isPending}
        onClick={() =>
          reset.mutate(userId, {
            onSuccess: done(`A password reset link was sent to ${email}, and their sessions have ended.`),
            onError,
          })
        }
      >
        Send password reset
      </Button>
      {user.role === "admin" ? (
        <Button variant="secondary" pending={update.isPending} onClick={() => setRole("user")}>
          Remove admin
        </Button>
      ) : (
        <Button variant="secondary" pending={update.isPending} onClick={() => setRole("admin")}>
          Make admin
        </Button>
      )}
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Delete user
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Delete ${name}?`}
        confirmLabel="Delete permanently"
        pending={remove.isPending}
        onConfirm={onDelete}
        onCancel={() => setConfirming(false)}
      >
        <p>
          This deletes {email}&apos;s account, signs them out everywhere and cannot be undone. Their security events
          stay in the audit trail.
        </p>
      </ConfirmDialog>
    </div>
  );
}
