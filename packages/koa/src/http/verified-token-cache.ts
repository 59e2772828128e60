import { tokenExpiresAtMs, type TokenVerifier } from '@booking/auth';
import type { Actor } from '@booking/core';
import { ok } from 'neverthrow';

/** Tokens remembered at most; the oldest is forgotten first. */
export const DEFAULT_TOKEN_CACHE_SIZE = 10_000;

/**
 * Remembers tokens that verified, until their own `exp`: a client sends the same token with every
 * request, and checking its HMAC through WebCrypto each time was a measurable share of the CPU a
 * booking costs (docs/performance.md). Refused tokens are not remembered; nothing outlives `exp`.
 */
export function cachingVerifier(
  verifier: TokenVerifier,
  maxEntries = DEFAULT_TOKEN_CACHE_SIZE,
): TokenVerifier {
  const verified = new Map<string, { actor: Actor; expiresAtMs: number }>();
  return {
    async verify(token) {
      const hit = verified.get(token);
      if (hit && Date.now() < hit.expiresAtMs) return ok(hit.actor);
      if (hit) verified.delete(token);
      const result = await verifier.verify(token);
      // Never longer than the verifier itself would accept the token.
      const expiresAtMs = result.isOk() ? tokenExpiresAtMs(token) : undefined;
      if (result.isOk() && expiresAtMs !== undefined) {
        if (verified.size >= maxEntries) verified.delete(verified.keys().next().value as string);
        verified.set(token, { actor: result.value, expiresAtMs });
      }
      return result;
    },
  };
}
