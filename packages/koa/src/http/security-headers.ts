import type { Context, Middleware } from 'koa';

/** The policy of JSON answers: nothing in them is meant to be rendered, framed or run. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers for a JSON API (what helmet would set, without the dependency): nothing here is meant to
 * be rendered, framed or cached by a browser. A host serving a page of its own passes that page's
 * Content-Security-Policy (a string, or one per request) and keeps every other header.
 */
export function securityHeaders(
  production: boolean,
  contentSecurityPolicy: string | ((ctx: Context) => string) = API_CONTENT_SECURITY_POLICY,
): Middleware {
  return async (ctx, next) => {
    ctx.set({
      'Content-Security-Policy':
        typeof contentSecurityPolicy === 'string' ? contentSecurityPolicy : contentSecurityPolicy(ctx),
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
