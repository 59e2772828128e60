import type { z } from 'zod';
import type { ServerError } from './protocol';

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
