import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { securityHeaders } from '@booking/koa';
import type { Context, Middleware } from 'koa';

/** Where `examples/seat-map` puts its built page (the same from src/ under jest and from dist/). */
export const DEFAULT_PAGE_DIR = resolve(__dirname, '../../../examples/seat-map/dist');

const FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/main.js': 'main.js',
  '/main.js.map': 'main.js.map',
  '/style.css': 'style.css',
};
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>booking</title>
<h1>booking</h1><p>The seat-map page is not built. Run <code>npm run build:page</code> (npm start does it for you).</p>`;

/** `host` or `host:port` (or a bracketed IPv6 address): safe to name in a header. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * What the page may load: its own script and stylesheet (it has no inline ones), and connections to
 * its own origin for REST and Socket.IO (long-polling is plain HTTP; the WebSocket upgrade is named
 * too, for browsers whose 'self' does not cover ws: and wss:). Nothing else, and no framing.
 */
export function pageContentSecurityPolicy(ctx: Context): string {
  const sockets = PLAIN_HOST.test(ctx.host) ? ` ws://${ctx.host} wss://${ctx.host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the seat-map demo page at `/`, and outside production `/demo/config` with a ready customer
 * token, so the page can book at once. Everything else passes on to the REST API. What it serves
 * carries the API's security headers, the page with its own Content-Security-Policy.
 */
export function seatMapPage(options: {
  pageDir?: string;
  demoCustomerToken?: string;
  production?: boolean;
}): Middleware {
  const pageDir = options.pageDir ?? DEFAULT_PAGE_DIR;
  const production = options.production ?? false;
  const pageHeaders = securityHeaders(production, pageContentSecurityPolicy);
  const jsonHeaders = securityHeaders(production);
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const token = options.demoCustomerToken;
    if (ctx.path === '/demo/config' && token) {
      return jsonHeaders(ctx, async () => {
        ctx.body = { customerToken: token };
      });
    }
    const file = FILES[ctx.path];
    if (!file) return next();
    let content: Buffer | string;
    try {
      content = await readFile(join(pageDir, file));
    } catch {
      if (file !== 'index.html') return next();
      content = NOT_BUILT;
    }
    return pageHeaders(ctx, async () => {
      ctx.body = content;
      ctx.type = TYPES[extname(file)] ?? 'application/octet-stream';
    });
  };
}
