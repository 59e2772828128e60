import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { Middleware } from 'koa';

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

/**
 * Serves the seat-map demo page at `/`, and outside production `/demo/config` with a ready customer
 * token, so the page can book at once. Everything else passes on to the REST API.
 */
export function seatMapPage(options: { pageDir?: string; demoCustomerToken?: string }): Middleware {
  const pageDir = options.pageDir ?? DEFAULT_PAGE_DIR;
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/demo/config' && options.demoCustomerToken) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { customerToken: options.demoCustomerToken };
      return;
    }
    const file = FILES[ctx.path];
    if (!file) return next();
    try {
      ctx.body = await readFile(join(pageDir, file));
      ctx.type = TYPES[extname(file)] ?? 'application/octet-stream';
    } catch {
      if (file !== 'index.html') return next();
      ctx.type = TYPES['.html'] as string;
      ctx.body = NOT_BUILT;
    }
  };
}
