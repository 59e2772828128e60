import type { IdempotencyInput } from '@booking/core';
import { idempotencyKeySchema, MAX_IDEMPOTENCY_KEY_LENGTH } from '@booking/protocol';
import { createHmac, hkdfSync } from 'node:crypto';
import { err, ok, type Result } from 'neverthrow';
import { validationFailed, type ApiError } from './api-error';

/** The `Idempotency-Key` header (optional; sent empty it is refused) with a digest of the validated body. */
export function idempotencyInput(
  header: string | undefined,
  body: unknown,
  fingerprint: Fingerprint,
): Result<IdempotencyInput | undefined, ApiError> {
  if (header === undefined) return ok(undefined);
  if (!idempotencyKeySchema.safeParse(header).success) {
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

/** A digest of a request body, to tell a repeat from another request under the same key. */
export type Fingerprint = (body: unknown) => string;

export const MIN_IDEMPOTENCY_SECRET_LENGTH = 32;

/**
 * HMAC-SHA256 of the body as canonical JSON (keys sorted, so key order and spacing do not matter),
 * keyed by a key derived (HKDF) from a server secret. A plain hash of a payment body would give
 * the card number, CVC and expiry away to anyone with the database and a few guesses; without the
 * secret, which is never stored, the digest tells nothing. Every process must use the same secret.
 */
export function keyedFingerprint(secret: string): Fingerprint {
  if (secret.length < MIN_IDEMPOTENCY_SECRET_LENGTH) {
    throw new Error(`idempotencySecret must have at least ${MIN_IDEMPOTENCY_SECRET_LENGTH} characters`);
  }
  const key = Buffer.from(hkdfSync('sha256', secret, 'booking', 'idempotency request fingerprint', 32));
  return (body) => createHmac('sha256', key).update(canonicalJson(body)).digest('hex');
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
