import cors from '@koa/cors';
import type { Middleware } from 'koa';

/**
 * CORS from a list of origins. Without a list: any origin outside production (development and
 * demos), none in production (same-origin only) so that production never allows all by accident.
 */
export function corsFor(origins: readonly string[] | undefined, production: boolean): Middleware {
  const allowed = new Set(origins ?? []);
  const allowAll = origins === undefined && !production;
  return cors({
    origin: (ctx) => {
      if (allowAll) return '*';
      const origin = ctx.get('Origin');
      return allowed.has(origin) ? origin : '';
    },
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });
}
