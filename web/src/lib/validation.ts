import * as z from "zod/mini";

import { limits } from "@/types/limits.gen";

// Field rules shared by every form. Length limits come from the API's own
// schemas (types/limits.gen.ts, generated from its OpenAPI document); the
// password rules are API.md's, which the document cannot express.

const codePoints = (value: string): number => [...value.normalize("NFKC")].length;

const atMost = (max: number) =>
  z.refine<string>((value) => [...value].length <= max, `Use at most ${max} characters.`);

export const emailField = z.pipe(
  z.string().check(z.trim(), z.minLength(1, "Enter your email address."), atMost(limits.SignupRequest.email.maxLength)),
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
  .check(z.trim(), z.minLength(1, "Enter your name."), atMost(limits.SignupRequest.name.maxLength));

/**
 * A TOTP code or a recovery code; the server decides if it is right. Spaces go:
 * apps show codes as "123 456", and recovery codes ignore them.
 */
export const mfaCodeField = z
  .string()
  .check(
    z.overwrite((value) => value.replace(/\s+/g, "")),
    z.minLength(1, "Enter the code."),
    atMost(limits.MfaLoginRequest.code.maxLength),
  );

export const avatarUrlField = z.string().check(
  z.trim(),
  atMost(limits.ProfileUpdate.avatarUrl.maxLength),
  z.refine(
    (value) => value === "" || /^https?:\/\/\S+$/i.test(value),
    "Enter a web address starting with https:// or http://.",
  ),
);
