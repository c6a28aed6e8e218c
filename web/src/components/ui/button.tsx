"use client";

import type { ComponentProps } from "react";

import { useHydrated } from "@/lib/use-hydrated";

type ButtonProps = ComponentProps<"button"> & {
  variant?: "primary" | "secondary" | "danger" | "link";
  /** Disables the button while its request runs; the label stays the same. */
  pending?: boolean;
};

const VARIANTS = {
  primary: "btn-primary",
  secondary: "btn-secondary",
  danger: "btn-danger",
  link: "btn-link",
} as const;

export function Button({
  variant = "primary",
  pending = false,
  disabled,
  className = "",
  type = "button",
  children,
  ...props
}: ButtonProps) {
  // A submit button works only once its form's code runs: until then, clicks
  // and Enter do nothing instead of submitting the form natively.
  const hydrated = useHydrated();
  return (
    <button
      type={type}
      disabled={disabled || pending || (type === "submit" && !hydrated)}
      aria-busy={pending || undefined}
      className={`btn ${VARIANTS[variant]} ${className}`}
      {...props}
    >
      {pending && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
