import { bearerToken, type TokenVerifier } from '@booking/auth';
import type { Actor } from '@booking/core';
import type { Context, Middleware } from 'koa';

/** What the `Authorization` header said: an actor, a reason it was refused, or nothing sent. */
export interface RequestAuth {
  actor?: Actor;
  failure?: string;
}

const AUTH_STATE = Symbol('booking.auth');

export function requestAuth(ctx: Context): RequestAuth {
  return (ctx.state as Record<symbol, RequestAuth | undefined>)[AUTH_STATE] ?? {};
}

/**
 * Verifies a bearer token once per request, before rate limiting (which counts per user). It never
 * refuses by itself: each endpoint decides whether it needs an actor.
 */
export function authenticate(verifier: TokenVerifier): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('Authorization');
    let auth: RequestAuth = {};
    if (header) {
      const token = bearerToken(header);
      if (!token) {
        auth = { failure: 'Send the token as Authorization: Bearer <token>.' };
      } else {
        const verified = await verifier.verify(token);
        auth = verified.isOk() ? { actor: verified.value } : { failure: verified.error.message };
      }
    }
    (ctx.state as Record<symbol, RequestAuth>)[AUTH_STATE] = auth;
    await next();
  };
}
