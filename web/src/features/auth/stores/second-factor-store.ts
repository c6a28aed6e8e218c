import { create } from "zustand";

// A sign-in waiting for its second factor: the password was right and the
// server answered an MFA token instead of cookies. The token lives here, in
// this tab's memory only (never in storage or the address bar), from /login to
// /login/verify; a reload forgets it and the person starts again.
export type PendingSignIn = { mfaToken: string; methods: string[] };

type SecondFactorState = {
  pending: PendingSignIn | null;
  setPending: (pending: PendingSignIn | null) => void;
};

export const useSecondFactorStore = create<SecondFactorState>()((set) => ({
  pending: null,
  setPending: (pending) => set({ pending }),
}));
