import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildAsyncApiDocument } from '@booking/protocol';
import { request } from './test-support/http-client';
import { DEFAULT_PAGE_DIR } from './seat-map-page';
import { startServerOnFreshDatabase, type ServerProcess } from './test-support/server-process';

/** The headers every answer carries, page or API (the Content-Security-Policy differs). */
const SHARED_HEADERS = [
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'cross-origin-opener-policy',
  'cache-control',
  'strict-transport-security',
];

const headersOf = async (url: string) => (await fetch(url)).headers;

describe('the reference server process in production', () => {
  let server: ServerProcess & { close(): Promise<void> };

  beforeAll(async () => {
    server = await startServerOnFreshDatabase({ NODE_ENV: 'production' });
  }, 150_000);
  afterAll(() => server?.close());

  it.each(['/', '/main.js', '/style.css'])(
    'serves %s with the API security headers and the page policy',
    async (path) => {
      const api = await headersOf(`${server.url}/routes`);
      const page = await headersOf(server.url + path);
      for (const name of SHARED_HEADERS) {
        expect({ name, value: page.get(name) }).toEqual({ name, value: api.get(name) });
        expect(page.get(name)).toBeTruthy();
      }
      const host = new URL(server.url).host;
      const policy = (page.get('content-security-policy') ?? '').split('; ');
      expect(policy).toEqual(
        expect.arrayContaining([
          "default-src 'none'",
          "script-src 'self'",
          "style-src 'self'",
          `connect-src 'self' ws://${host} wss://${host}`,
          "frame-ancestors 'none'",
        ]),
      );
    },
  );

  it('serves a page that the policy lets work: no inline script, style or event handler', async () => {
    const html = await readFile(join(DEFAULT_PAGE_DIR, 'index.html'), 'utf8').catch(() => undefined);
    const served = await (await fetch(`${server.url}/`)).text();
    if (html !== undefined) expect(served).toBe(html);
    const scripts = [...served.matchAll(/<script\b([^>]*)>/gi)].map((match) => match[1] ?? '');
    expect(scripts.every((attributes) => /\ssrc=/.test(attributes))).toBe(true);
    expect(served).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
  });

  it('describes both of its APIs: REST at /openapi.json, the /seats namespace at /asyncapi.json', async () => {
    const rest = await request(server.url, 'GET', '/openapi.json');
    const live = await request(server.url, 'GET', '/asyncapi.json');
    expect([rest.status, live.status]).toEqual([200, 200]);
    expect(Object.keys(rest.body.paths as object)).toContain('/asyncapi.json');
    // The document the protocol's tests validate with the AsyncAPI parser.
    expect(live.body).toEqual(JSON.parse(JSON.stringify(buildAsyncApiDocument())));
  });

  it('does not serve /metrics without METRICS_TOKEN (404), and says so at start', async () => {
    const answer = await request(server.url, 'GET', '/metrics');
    expect({ status: answer.status, code: (answer.body.error as { code?: string })?.code }).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(server.output()).toContain('METRICS_TOKEN is not set');
  });

  it('serves /metrics to the scraper with METRICS_TOKEN only', async () => {
    const guarded = await startServerOnFreshDatabase({
      NODE_ENV: 'production',
      METRICS_TOKEN: 'scrape-secret',
    });
    try {
      expect((await request(guarded.url, 'GET', '/metrics')).status).toBe(401);
      const scraped = await fetch(`${guarded.url}/metrics`, {
        headers: { authorization: 'Bearer scrape-secret' },
      });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('booking_ws_connections');
    } finally {
      await guarded.close();
    }
  }, 150_000);
});
