"use client";

import { Button } from "@/components/ui/button";
import { toastError } from "@/lib/form-errors";

import { useLogout } from "../api/use-logout";

export function SignOutButton() {
  const logout = useLogout();
  return (
    <Button
      variant="secondary"
      pending={logout.isPending}
      onClick={() => logout.mutate(undefined, { onError: toastError })}
    >
      Sign out
    </Button>
  );
}
