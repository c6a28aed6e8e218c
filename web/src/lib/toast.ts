// sonner's `toast`, loaded on first use so it is not part of any page's first load.
type Kind = "success" | "error";

const show =
  (kind: Kind) =>
  (message: string): void => {
    void import("sonner").then((sonner) => sonner.toast[kind](message));
  };

export const toast = { success: show("success"), error: show("error") };
