import { z } from 'zod';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The `Idempotency-Key` header: visible ASCII, no spaces (sent empty it is refused). */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(MAX_IDEMPOTENCY_KEY_LENGTH)
  .regex(/^[\x21-\x7e]+$/);
