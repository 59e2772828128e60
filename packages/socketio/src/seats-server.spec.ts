import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Server } from 'socket.io';
import { createSeatsServer } from './seats-server';

describe('createSeatsServer', () => {
  let http: HttpServer | undefined;
  let io: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (io ? io.close(() => resolve()) : resolve()));
    if (http?.listening) await new Promise<void>((resolve) => http?.close(() => resolve()));
  });

  it('refuses a request listener added after it attached (it would answer /socket.io/ a second time)', () => {
    http = createServer((_request, response) => response.writeHead(404).end());
    io = createSeatsServer(http);
    expect(() => http?.on('request', () => undefined)).toThrow(/after Socket\.IO attached/);
    // Other events are untouched.
    expect(() => http?.on('connection', () => undefined)).not.toThrow();
  });

  it('answers methods other than GET and POST with 405, on a live long-polling session too', async () => {
    http = createServer((_request, response) => response.writeHead(404).end());
    io = createSeatsServer(http);
    await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/socket.io/?EIO=4&transport=polling`;
    const handshake = await (await fetch(base)).text();
    const { sid } = JSON.parse(handshake.slice(1)) as { sid: string };
    for (const method of ['PUT', 'DELETE', 'PATCH', 'HEAD']) {
      const answer = await fetch(`${base}&sid=${sid}`, { method });
      expect({ method, status: answer.status, allow: answer.headers.get('allow') }).toEqual({
        method,
        status: 405,
        allow: 'GET, POST',
      });
    }
  });
});
