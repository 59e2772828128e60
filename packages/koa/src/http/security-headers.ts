import type { Middleware } from 'koa';

/**
 * Headers for a JSON API (what helmet would set, without the dependency): nothing here is meant to
 * be rendered, framed or cached by a browser.
 */
export function securityHeaders(production: boolean): Middleware {
  return async (ctx, next) => {
    ctx.set({
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': 'no-store',
      ...(production ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
    });
    await next();
  };
}
