import type { Actor } from '@booking/core';
import { bearerToken, tokenExpiresAtMs, type TokenVerifier } from '@booking/auth';
import { MAX_TOKEN_LENGTH } from './protocol';

/** Who a token says the socket is, and until when (`exp`, ms since the epoch, if it has one). */
export interface Identity {
  actor: Actor;
  expiresAtMs: number | undefined;
}

export type HandshakeResult = { ok: true; identity: Identity | undefined } | { ok: false; message: string };

export interface Handshake {
  auth: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The same JWT rules as REST: a token (`auth.token`, or an `Authorization: Bearer` header for
 * non-browser clients) must be valid, and an Authorization header of another shape is refused as
 * REST refuses it; no token means an anonymous reader unless auth is required.
 */
export async function authenticateHandshake(
  handshake: Handshake,
  verifier: TokenVerifier,
  requireAuth: boolean,
): Promise<HandshakeResult> {
  const token = handshake.auth.token ?? tokenFromHeader(handshake.headers.authorization);
  if (token === NOT_BEARER) return { ok: false, message: 'Send the token as Authorization: Bearer <token>.' };
  if (token === undefined || token === null || token === '') {
    return requireAuth ? { ok: false, message: 'A token is required.' } : { ok: true, identity: undefined };
  }
  const verified = await verifyToken(token, verifier);
  return verified.ok ? { ok: true, identity: verified.identity } : verified;
}

/** Verifies a token a client sent (at the handshake, or later in `renew_token`). */
export async function verifyToken(
  token: unknown,
  verifier: TokenVerifier,
): Promise<{ ok: true; identity: Identity } | { ok: false; message: string }> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH)
    return { ok: false, message: 'The token is not valid.' };
  const verified = await verifier.verify(token);
  return verified.isOk()
    ? { ok: true, identity: { actor: verified.value, expiresAtMs: identityEndsAtMs(token, verifier) } }
    : { ok: false, message: verified.error.message };
}

/** A socket keeps its identity as long as the verifier would accept the token (tolerance included). */
function identityEndsAtMs(token: string, verifier: TokenVerifier): number | undefined {
  return verifier.refusesAfterMs ? verifier.refusesAfterMs(token) : tokenExpiresAtMs(token);
}

const NOT_BEARER = Symbol('not a bearer header');

function tokenFromHeader(header: string | string[] | undefined): string | undefined | typeof NOT_BEARER {
  if (header === undefined || header === '') return undefined;
  return (typeof header === 'string' ? bearerToken(header) : undefined) ?? NOT_BEARER;
}
