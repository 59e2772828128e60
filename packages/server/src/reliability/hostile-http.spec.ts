import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { request } from '../test-support/http-client';
import { firstAnswer } from '../test-support/raw-http';
import { startServerOnFreshDatabase, type ServerProcess } from '../test-support/server-process';

/** Each request must be answered (a status line) within this; a hang or a silent close fails. */
const ANSWER_WITHIN_MS = 5_000;
const HUGE = 1024 * 1024;

/** Mostly what Engine.IO speaks, often anything else (Node itself refuses methods it does not know). */
const anyMethod = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('GET', 'POST') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'PUT',
      'DELETE',
      'PATCH',
      'HEAD',
      'OPTIONS',
      'TRACE',
      'CONNECT',
      'PROPFIND',
      'SEARCH',
      'PURGE',
      'MKCOL',
      'BREW',
      'get',
      'M-SEARCH',
    ),
  },
);

/** Usually absent: a header that is always there would hide the paths taken without it. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/**
 * A query parameter as a client would send it (mostly the first, valid value, so that requests get
 * past the first check), as an old or foreign client would, as noise, or not at all.
 */
const parameter = (name: string, values: [string, ...string[]]) =>
  fc.option(
    fc
      .oneof(
        { weight: 6, arbitrary: fc.constant(values[0]) },
        { weight: 2, arbitrary: fc.constantFrom(...values) },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
      )
      .map((value) => `${name}=${encodeURIComponent(value)}`),
    { nil: undefined },
  );

/** `sid` is 'live' for a session just opened by a real handshake, else some string. */
const sid = fc.option(
  fc.oneof(
    { weight: 4, arbitrary: fc.constant('live') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '__proto__', 'constructor', 'x'.repeat(2_000), 'AAAAAAAAAAAAAAAAAAAA'),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  ),
  { nil: undefined },
);

const engineQuery = fc.record({
  eio: parameter('EIO', ['4', '3', '2', '5', '0', '-1', '4.0', '']),
  transport: parameter('transport', [
    'polling',
    'websocket',
    'webtransport',
    'flashsocket',
    'jsonp-polling',
    'POLLING',
    '__proto__',
    '',
  ]),
  sid,
  // Parameters of older or foreign clients: JSONP, base64, cache busting.
  extra: sometimes(
    fc.array(
      fc
        .constantFrom('j', 'b64', 'callback', 't', 'EIO', 'sid')
        .chain((name) => parameter(name, ['0', '1', 'alert(1)', '___eio[0]'])),
      { maxLength: 3 },
    ),
  ),
});

/** Engine.IO payloads (valid ones, broken ones, binary noise) and sometimes a megabyte. */
const body = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      '40',
      '40/seats,',
      '2',
      '3',
      '1',
      '6',
      '4hello',
      '42["subscribe_route",{}]',
      '40/seats,{"token":"x"}',
      '\u001e\u001e',
      'd=1',
    ),
  },
  { weight: 4, arbitrary: fc.string({ maxLength: 300 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constant('4'.repeat(HUGE)) },
);

const headers = fc.record({
  contentType: sometimes(
    fc.constantFrom(
      'text/plain;charset=UTF-8',
      'application/octet-stream',
      'application/json',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
    ),
  ),
  origin: sometimes(fc.constantFrom('http://evil.example', 'null', 'http://a\u0001b')),
  upgrade: sometimes(fc.constantFrom('websocket', 'h2c', 'WebSocket', 'foo')),
  wsKey: sometimes(fc.constantFrom('dGhlIHNhbXBsZSBub25jZQ==', 'short', '')),
  wsVersion: sometimes(fc.constantFrom('13', '8', '99', 'x')),
  chunked: fc.boolean(),
});

type Headers = typeof headers extends fc.Arbitrary<infer T> ? T : never;

/** One raw HTTP/1.1 request; its target and body go out as latin1 bytes, as a raw client sends them. */
function rawRequest(method: string, target: string, head: Headers, payload: string | undefined): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1'];
  if (head.contentType) lines.push(`Content-Type: ${head.contentType}`);
  if (head.origin) lines.push(`Origin: ${head.origin}`);
  if (head.upgrade) lines.push(`Upgrade: ${head.upgrade}`, 'Connection: Upgrade');
  else lines.push('Connection: close');
  if (head.wsKey !== undefined) lines.push(`Sec-WebSocket-Key: ${head.wsKey}`);
  if (head.wsVersion) lines.push(`Sec-WebSocket-Version: ${head.wsVersion}`);
  const bytes = payload === undefined ? undefined : Buffer.from(payload, 'utf8');
  if (bytes && head.chunked) {
    lines.push('Transfer-Encoding: chunked');
    const chunk = Buffer.concat([
      Buffer.from(`${bytes.length.toString(16)}\r\n`),
      bytes,
      Buffer.from('\r\n0\r\n\r\n'),
    ]);
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), chunk]);
  }
  if (bytes) lines.push(`Content-Length: ${bytes.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bytes ?? Buffer.alloc(0)]);
}

/**
 * The process-level guard: hostile HTTP at Socket.IO's path and at random paths, against the real
 * server process. Whatever arrives, the same process stays up and every request gets a status.
 */
describe('hostile HTTP against the server process', () => {
  let server: ServerProcess & { close(): Promise<void> };

  /** A real Engine.IO handshake; its session id is what a hostile client would reuse. */
  const liveSession = async () => {
    const text = await (await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`)).text();
    return (JSON.parse(text.slice(1)) as { sid: string }).sid;
  };

  const expectAnswered = async (text: Buffer, label: string) => {
    const { status, received } = await firstAnswer(server.url, text, ANSWER_WITHIN_MS);
    // Answered, and never a server error: whatever is wrong with the request is the client's.
    expect({ label, answered: status >= 100 && status < 500, answer: received.slice(0, 200) }).toMatchObject({
      label,
      answered: true,
    });
  };

  beforeAll(async () => {
    server = await startServerOnFreshDatabase({
      // Every request reaches its handler instead of the rate limit.
      RATE_LIMIT_POINTS: '1000000',
    });
  }, 150_000);
  afterAll(() => server?.close());

  it('answers every request at /socket.io/ (methods, sessions, versions, transports, bodies)', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyMethod,
        engineQuery,
        fc.option(body, { nil: undefined }),
        headers,
        async (method, query, payload, head) => {
          // A GET on a live session is a long-poll, answered at the next ping: an ordinary request.
          const session =
            query.sid !== 'live' ? query.sid : method === 'GET' ? 'not-a-session' : await liveSession();
          const params = [
            query.eio,
            query.transport,
            session === undefined ? undefined : `sid=${encodeURIComponent(session)}`,
            ...(query.extra ?? []),
          ].filter((p) => p !== undefined);
          const target = `/socket.io/?${params.join('&')}`;
          await expectAnswered(rawRequest(method, target, head, payload), `${method} ${target}`);
        },
      ),
      { numRuns: 250 },
    );
  }, 120_000);

  it('answers every request at random paths', async () => {
    const path = fc.oneof(
      fc.webPath(),
      fc.string({ unit: 'binary', maxLength: 60 }).map((text) => `/${text}`),
      fc.constantFrom(
        '/socket.io',
        '/socket.io/../health',
        '//socket.io/',
        '/SOCKET.IO/',
        '*',
        'http://x/socket.io/',
        '/%',
        '/%00',
        '/' + 'a'.repeat(20_000),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        anyMethod,
        path,
        fc.option(body, { nil: undefined }),
        headers,
        async (method, target, payload, head) => {
          await expectAnswered(rawRequest(method, target, head, payload), `${method} ${target.slice(0, 80)}`);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('is the same process afterwards, healthy, and never failed a reply', async () => {
    expect(server.child.exitCode).toBeNull();
    expect(() => process.kill(server.child.pid ?? -1, 0)).not.toThrow();
    expect((await request(server.url, 'GET', '/health')).status).toBe(200);
    expect(server.output()).not.toMatch(/ERR_HTTP_HEADERS_SENT|uncaught|unhandled/i);
  });
});
