import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";

// Only a hint for the UI ("was this browser signed in?"). Tokens live in
// HttpOnly cookies and the current user in React Query; neither is stored here.
type AuthState = {
  isSignedIn: boolean;
  setSignedIn: (isSignedIn: boolean) => void;
};

export const useAuthStore = create<AuthState>()(
  persist(
    (set) => ({
      isSignedIn: false,
      setSignedIn: (isSignedIn) => set({ isSignedIn }),
    }),
    {
      name: "authgate-auth",
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ isSignedIn: state.isSignedIn }),
    },
  ),
);
