import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uploadPastTheAnswer } from '../test-support/raw-http';
import { startServerOnFreshDatabase, tokenFor, type ServerProcess } from '../test-support/server-process';

const MEBIBYTE = 1024 * 1024;

/**
 * Regression: many answers come before the request body has arrived (a method Socket.IO does not
 * serve, a body over a limit, a request Node cannot parse, a refused upgrade), and the connection is
 * then closed. Node closed it at once, so what the client was still sending met a reset, and a client
 * that uploads in pieces (curl, Node's http client) failed with EPIPE or ECONNRESET instead of
 * reading the answer: under load, one such request in a few dozen went unanswered in the hostile HTTP
 * fuzz. The server now reads and drops the rest before it closes.
 */
describe('an answer given before the request body has arrived', () => {
  let server: ServerProcess & { close(): Promise<void> };
  let session = '';
  let agent = '';

  beforeAll(async () => {
    server = await startServerOnFreshDatabase();
    const text = await (await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`)).text();
    session = (JSON.parse(text.slice(1)) as { sid: string }).sid;
    agent = await tokenFor('agent');
  }, 150_000);
  afterAll(() => server?.close());

  const head = (requestLine: string, ...fields: string[]) =>
    [requestLine, 'Host: 127.0.0.1', ...fields, '', ''].join('\r\n');
  const close = 'Connection: close';
  const length = `Content-Length: ${MEBIBYTE}`;
  const json = 'Content-Type: application/json';
  const upgrade = ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13'];
  const goodKey = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==';
  const polling = () => `/socket.io/?EIO=4&transport=polling&sid=${session}`;
  const bearer = () => `Authorization: Bearer ${agent}`;
  const cases: [string, () => string, boolean, number][] = [
    ['PUT on a live polling session', () => head(`PUT ${polling()} HTTP/1.1`, close, length), false, 405],
    ['a polling body over the limit', () => head(`POST ${polling()} HTTP/1.1`, close, length), false, 413],
    [
      'a REST body over the limit',
      () => head('POST /tickets HTTP/1.1', close, bearer(), json, length),
      false,
      413,
    ],
    [
      'a REST body over the limit, chunked',
      () => head('POST /tickets HTTP/1.1', close, bearer(), json, 'Transfer-Encoding: chunked'),
      true,
      413,
    ],
    [
      // Without `Connection: close` Node would keep the connection and never read the rest.
      'a REST body over the limit, chunked, on a keep-alive connection',
      () => head('POST /tickets HTTP/1.1', bearer(), json, 'Transfer-Encoding: chunked'),
      true,
      413,
    ],
    ['a path that does not exist', () => head('POST /no/such/path HTTP/1.1', close, length), false, 404],
    ['a request line Node cannot parse', () => head('GET  HTTP/1.1', close, length), false, 400],
    [
      'an upgrade that is not GET',
      () => head('POST /socket.io/?EIO=4&transport=websocket HTTP/1.1', ...upgrade, goodKey, length),
      false,
      405,
    ],
    [
      // Engine.IO refuses the key; a handshake never has a body anyway.
      'an upgrade with a bad key and a body',
      () =>
        head(
          'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
          ...upgrade,
          'Sec-WebSocket-Key: short',
          length,
        ),
      false,
      400,
    ],
  ];

  it.each(cases)(
    'reaches a client that is still uploading: %s',
    async (_label, requestHead, chunked, status) => {
      const result = await uploadPastTheAnswer(server.url, requestHead(), { bytes: MEBIBYTE, chunked });
      // The client sent its whole request and read the whole answer.
      expect(result).toEqual({ status, writeError: undefined, answerEnded: true });
    },
  );

  it('leaves the same process healthy', async () => {
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
