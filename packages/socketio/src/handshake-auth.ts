import type { Actor } from '@booking/core';
import { bearerToken, type TokenVerifier } from '@booking/auth';

export type HandshakeResult = { ok: true; actor: Actor | undefined } | { ok: false; message: string };

export interface Handshake {
  auth: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The same JWT rules as REST: a token (`auth.token`, or an `Authorization: Bearer` header for
 * non-browser clients) must be valid; no token means an anonymous reader unless auth is required.
 */
export async function authenticateHandshake(
  handshake: Handshake,
  verifier: TokenVerifier,
  requireAuth: boolean,
): Promise<HandshakeResult> {
  const header = handshake.headers.authorization;
  const token = handshake.auth.token ?? bearerToken(typeof header === 'string' ? header : undefined);
  if (token === undefined || token === null || token === '') {
    return requireAuth ? { ok: false, message: 'A token is required.' } : { ok: true, actor: undefined };
  }
  if (typeof token !== 'string' || token.length > 8192)
    return { ok: false, message: 'The token is not valid.' };
  const verified = await verifier.verify(token);
  return verified.isOk()
    ? { ok: true, actor: verified.value }
    : { ok: false, message: verified.error.message };
}
