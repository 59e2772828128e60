import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { contentSecurityPolicy, type HostPage } from './host-page';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/**
 * Serves the files of a built page (`/` is its index.html) on its own origin, under the host page's
 * strict Content-Security-Policy: its own scripts and styles, connections to the booking server only.
 */
export async function serveStaticSite(dir: string, bookingServer: string): Promise<HostPage> {
  // Only the files the build wrote, read once: no path from a request ever reaches the file system.
  const files = new Map<string, Buffer>();
  for (const name of await readdir(dir)) files.set(`/${name}`, await readFile(join(dir, name)));
  const csp = contentSecurityPolicy(bookingServer);
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://host');
    const path = pathname === '/' ? '/index.html' : pathname;
    const file = files.get(path);
    if (!file) {
      response.writeHead(404);
      return response.end();
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      'content-security-policy': csp,
    });
    response.end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
