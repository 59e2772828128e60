import { GENDERS, isSingleLineText, SINGLE_LINE_TEXT_RULE } from '@booking/core';
import { z } from 'zod';
import { MAX_TOKEN_LENGTH } from './handshake-auth';
import type { ServerError } from './protocol';

/**
 * Ids mean the same in any letter case; the server's are lower case (UUIDs from the IdGenerator),
 * so a route id is lowered here, once, and rooms, feeds and answers all use that one form.
 */
const routeId = z
  .string()
  .min(1)
  .max(200)
  .transform((id) => id.toLowerCase());
const city = z.string().min(1).max(200).refine(isSingleLineText, SINGLE_LINE_TEXT_RULE);

// Strict, as REST bodies are: a key the server does not know is a mistake worth hearing about.
export const subscribeRouteSchema = z.strictObject({
  routeId,
  sinceSequence: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

export const unsubscribeRouteSchema = z.strictObject({ routeId });

export const renewTokenSchema = z.strictObject({ token: z.string().min(1).max(MAX_TOKEN_LENGTH) });

export const getSeatAvailabilitySchema = z.strictObject({
  routeId,
  fromCity: city.optional(),
  toCity: city.optional(),
  gender: z.enum(GENDERS).optional(),
});

/** Route ids are UUIDs (the IdGenerator port's promise): anything else is an unknown route. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The message, or a `validation_failed` error that names what is wrong (never echoing the input). */
export function parseMessage<T>(
  schema: z.ZodType<T>,
  message: unknown,
): { ok: true; value: T } | { ok: false; error: ServerError } {
  const parsed = schema.safeParse(message);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'message'}: ${issue.message}`);
  return { ok: false, error: { code: 'validation_failed', message: problems.join('; ') } };
}
