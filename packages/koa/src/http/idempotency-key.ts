import type { IdempotencyInput } from '@booking/core';
import { createHash } from 'node:crypto';
import { err, ok, type Result } from 'neverthrow';
import { validationFailed, type ApiError } from './api-error';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
const KEY_SHAPE = new RegExp(`^[\\x21-\\x7e]{1,${MAX_IDEMPOTENCY_KEY_LENGTH}}$`);

/** The `Idempotency-Key` header (optional; sent empty it is refused) with a digest of the validated body. */
export function idempotencyInput(
  header: string | undefined,
  body: unknown,
): Result<IdempotencyInput | undefined, ApiError> {
  if (header === undefined) return ok(undefined);
  if (!KEY_SHAPE.test(header)) {
    return err(
      validationFailed('The Idempotency-Key header is not valid.', [
        {
          in: 'header',
          path: 'Idempotency-Key',
          message: `has 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters (no spaces)`,
        },
      ]),
    );
  }
  return ok({ key: header, fingerprint: fingerprint(body) });
}

/** sha256 of the body as canonical JSON (keys sorted), so key order and spacing do not matter. */
export function fingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
