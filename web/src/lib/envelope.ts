import { isAxiosError } from "axios";
import * as z from "zod/mini";

import { toCamel } from "@/lib/case";

// Every /api response (after camelCase conversion) has this shape.
export const envelopeSchema = z.object({
  statusCode: z.number(),
  message: z.string(),
  data: z.unknown(),
  error: z.nullable(z.string()),
  details: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** Checks the envelope, then the operation's own `data` schema. */
export function parseData<T extends z.ZodMiniType>(body: unknown, schema: T): z.infer<T> {
  const envelope = envelopeSchema.parse(body);
  return schema.parse(envelope.data);
}

export type ApiError = {
  status: number | null;
  message: string;
  error: string | null;
  fieldErrors: Record<string, string>;
};

const FALLBACK_MESSAGE = "Something went wrong. Please try again.";
const OFFLINE_MESSAGE = "Could not reach the server. Check your connection and try again.";

/** Turns anything a request threw into a message for people and per-field errors. */
export function toApiError(thrown: unknown): ApiError {
  if (!isAxiosError(thrown)) {
    return { status: null, message: FALLBACK_MESSAGE, error: null, fieldErrors: {} };
  }
  if (!thrown.response) {
    return { status: null, message: OFFLINE_MESSAGE, error: null, fieldErrors: {} };
  }
  const { status, data } = thrown.response;
  const parsed = envelopeSchema.safeParse(data);
  if (!parsed.success) {
    return { status, message: FALLBACK_MESSAGE, error: null, fieldErrors: {} };
  }
  const fieldErrors: Record<string, string> = {};
  for (const detail of parsed.data.details ?? []) {
    // `field` is the API's snake_case name; forms use camelCase names.
    fieldErrors[toCamel(detail.field)] ??= detail.message;
  }
  return { status, message: parsed.data.message, error: parsed.data.error, fieldErrors };
}

