import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

import { toApiError } from "@/lib/envelope";
import { isUnauthorized } from "@/lib/http-status";
import { toast } from "@/lib/toast";

type Options<T extends FieldValues> = {
  setError: UseFormSetError<T>;
  fields: readonly Path<T>[];
  /** Error codes that belong beside a field, e.g. `email_taken` -> `email`. */
  codeFields?: Partial<Record<string, Path<T>>>;
};

/**
 * Shows a failed request's errors: 422 details and known error codes beside
 * their fields, anything else as a toast.
 */
export function showServerError<T extends FieldValues>(error: unknown, options: Options<T>): void {
  const apiError = toApiError(error);
  const placed: [Path<T>, string][] = [];
  for (const field of options.fields) {
    const message = apiError.fieldErrors[field];
    if (message) placed.push([field, message]);
  }
  const codeField = apiError.error ? options.codeFields?.[apiError.error] : undefined;
  if (codeField) placed.push([codeField, apiError.message]);

  placed.forEach(([field, message], index) =>
    options.setError(field, { type: "server", message }, { shouldFocus: index === 0 }),
  );
  // An expired session has its own message and redirect (see lib/session.ts).
  if (placed.length === 0 && !isUnauthorized(error)) toast.error(apiError.message);
}

/** A toast with the server's message for a failed action that has no form. */
export function toastError(error: unknown): void {
  if (!isUnauthorized(error)) toast.error(toApiError(error).message);
}
