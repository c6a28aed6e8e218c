import * as z from "zod/mini";

// Field rules shared by every form, matching the API's own rules so that most
// mistakes are caught before a request is sent.

const codePoints = (value: string): number => [...value.normalize("NFKC")].length;

export const emailField = z.pipe(
  z.string().check(z.trim(), z.minLength(1, "Enter your email address.")),
  z.email("Enter a valid email address, like name@example.com."),
);

/** A new password: 8 to 128 characters, counted as the server counts them. */
export const newPasswordField = z.string().check(
  z.refine((value) => codePoints(value) >= 8, "Use at least 8 characters."),
  z.refine((value) => codePoints(value) <= 128, "Use at most 128 characters."),
);

/** An existing password: only required; the server decides if it is right. */
export const currentPasswordField = z.string().check(z.minLength(1, "Enter your password."));

export const nameField = z
  .string()
  .check(z.trim(), z.minLength(1, "Enter your name."), z.maxLength(100, "Use at most 100 characters."));
