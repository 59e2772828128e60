import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A host page on its own origin, as a third-party site embeds the element. */
export interface HostPage {
  url: string;
  close(): Promise<void>;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the host page may load: its own script, and connections to the booking server only. */
export function contentSecurityPolicy(bookingServer: string, inlineScripts: string[] = []): string {
  const { host } = new URL(bookingServer);
  const hashes = inlineScripts.map((s) => ` 'sha256-${createHash('sha256').update(s).digest('base64')}'`);
  return [
    "default-src 'none'",
    `script-src 'self'${hashes.join('')}`,
    "style-src 'self'",
    `connect-src ${bookingServer} ws://${host}`,
    "base-uri 'none'",
  ].join('; ');
}

/**
 * Serves `/` (a page with one <booking-seat-map>; the query gives its attributes, and `doc-lang`
 * the page's language) and `/booking-seat-map.js` (the bundle), under a strict
 * Content-Security-Policy. `inlineScripts` are allowed by hash (a test tool injected into the page).
 */
export async function startHostPage(
  bundlePath: string,
  bookingServer: string,
  inlineScripts: string[] = [],
): Promise<HostPage> {
  const bundle = await readFile(bundlePath);
  const csp = contentSecurityPolicy(bookingServer, inlineScripts);
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host');
    if (url.pathname === '/booking-seat-map.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return response.end(bundle);
    }
    if (url.pathname !== '/') {
      response.writeHead(404);
      return response.end();
    }
    const attributes = [...url.searchParams.entries()]
      .filter(([name]) => name !== 'doc-lang')
      .map(([name, value]) => ` ${name}="${escape(value)}"`)
      .join('');
    const docLang = escape(url.searchParams.get('doc-lang') ?? 'en');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
    response.end(`<!doctype html>
<html lang="${docLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Choose your seat</title>
<script type="module" src="/booking-seat-map.js"></script>
</head>
<body>
<main>
<h1>Choose your seat</h1>
<booking-seat-map server="${escape(bookingServer)}"${attributes}></booking-seat-map>
</main>
</body>
</html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
