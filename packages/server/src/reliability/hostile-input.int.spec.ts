import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWithService } from '@booking/core/testing';
import { createTestStorage, type MikroOrmStorage } from '@booking/mikro-orm';
import { io, type Socket } from 'socket.io-client';
import { errorCode, eventually, request } from '../test-support/http-client';
import { openRaw, sendRaw, statusOf, type RawConnection } from '../test-support/raw-http';
import { watchRoute } from '../test-support/route-watcher';
import { createRoute } from '../test-support/seed-timeline';
import { startServerProcess, tokenFor, type ServerProcess } from '../test-support/server-process';

const HEADERS_TIMEOUT_MS = 1_500;
const REQUEST_TIMEOUT_MS = 3_000;
const MAX_SOCKETS_PER_IP = 20;
const connected = (socket: Socket) => new Promise<void>((resolve) => socket.once('connect', () => resolve()));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Hostile clients against the running server; after each, an ordinary client must still be served. */
describeWithService('DATABASE_URL', process.env, 'hostile input at the running server', () => {
  let database: MikroOrmStorage | undefined;
  let server: ServerProcess | undefined;
  let base = '';
  let routeId = '';
  let agent = '';
  let seat = 1;
  const sockets: Socket[] = [];
  const socketTo = (options: { token?: string; localAddress?: string } = {}) => {
    const socket = io(`${base}/seats`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(options.token ? { auth: { token: options.token } } : {}),
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    sockets.push(socket);
    return socket;
  };
  /** An ordinary client books a seat and a watcher sees it: the server still does its job. */
  const stillServes = async () => {
    expect((await request(base, 'GET', '/health')).status).toBe(200);
    const watcher = await watchRoute(base, routeId);
    try {
      const booked = await request(base, 'POST', '/tickets', {
        token: agent,
        body: { routeId, seatNumber: seat++, passengerName: 'Ordinary Client', gender: 'male' },
      });
      expect(booked.status).toBe(201);
      await watcher.waitForSequence(watcher.subscribedAt + 1);
      expect(watcher.updates.at(-1)?.ticketId).toBe(booked.body.id);
    } finally {
      watcher.close();
    }
    expect(server?.child.exitCode).toBeNull();
  };

  /** Waits until the server has seen every earlier socket close (their slots are free again). */
  const socketsDrained = async () => {
    for (const socket of sockets) socket.close();
    const admin = await tokenFor('admin', 'hostile-admin');
    const drained = await eventually(
      async () => (await request(base, 'GET', '/stats', { token: admin })).body.connections === 0,
      10_000,
      100,
    );
    expect(drained).toBe(true);
  };

  beforeAll(async () => {
    database = await createTestStorage(process.env, { kind: 'postgres' });
    server = await startServerProcess({
      DATABASE_URL: database.url,
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      WS_MAX_CONNECTIONS_PER_IP: String(MAX_SOCKETS_PER_IP),
      RATE_LIMIT_POINTS: '300',
    });
    base = server.url;
    agent = await tokenFor('agent', 'hostile-agent');
    routeId = await createRoute(base, 100);
  }, 60_000);
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await server?.stop('SIGKILL');
    await database?.close();
  });

  describe('bodies', () => {
    it('answers 413 payload_too_large to an oversized body, and changes nothing', async () => {
      const answer = await request(base, 'POST', '/tickets', {
        token: agent,
        body: { routeId, seatNumber: 99, passengerName: 'x'.repeat(1024 * 1024), gender: 'male' },
      });
      expect({ status: answer.status, code: errorCode(answer) }).toEqual({
        status: 413,
        code: 'payload_too_large',
      });
      const seats = await request(base, 'GET', `/routes/${routeId}/seats`);
      expect((seats.body.seats as { seatNumber: number; status: string }[])[98]?.status).toBe('available');
      await stillServes();
    });

    it.each([
      ['arrays', '['.repeat(5_000) + ']'.repeat(5_000)],
      ['objects', '{"a":'.repeat(2_500) + '1' + '}'.repeat(2_500)],
      [
        'objects beside a valid booking',
        `{"routeId":"x","seatNumber":1,"deep":${'['.repeat(4_000)}${']'.repeat(4_000)}}`,
      ],
    ])('answers 400 validation_failed to deeply nested %s', async (_kind, text) => {
      const response = await fetch(`${base}/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}` },
        body: text,
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
      await stillServes();
    });

    it('answers 400 to a body that is not JSON, or is cut short', async () => {
      for (const text of ['{"routeId":', 'not json', '\u0000\u0001\u0002', '{"a":1}{"b":2}']) {
        const response = await fetch(`${base}/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}` },
          body: text,
        });
        expect({ text, status: response.status }).toEqual({ text, status: 400 });
      }
      await stillServes();
    });
  });

  describe('headers', () => {
    it('answers 431 to one huge header and to a flood of small ones', async () => {
      const huge = await sendRaw(
        base,
        `GET /routes HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
      );
      expect(statusOf(huge)).toBe(431);
      const many = Array.from({ length: 3_000 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
      const flood = await sendRaw(base, `GET /routes HTTP/1.1\r\nHost: x\r\n${many}\r\n`);
      expect(statusOf(flood)).toBe(431);
      await stillServes();
    });
  });

  describe('slow and idle clients', () => {
    it('cuts off slowloris clients (headers, body, silence) with 408 while serving everyone else', async () => {
      const slow: RawConnection[] = [];
      const timers: NodeJS.Timeout[] = [];
      try {
        for (let i = 0; i < 30; i++) {
          const connection = await openRaw(base);
          slow.push(connection);
          const kind = i % 3;
          if (kind === 0) connection.socket.write('GET /routes HTTP/1.1\r\nHost: x\r\n');
          if (kind === 1) {
            connection.socket.write(
              `POST /tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${agent}\r\n` +
                `Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n{`,
            );
          }
          // kind 2 sends nothing at all.
          // One byte every 200 ms keeps the connection busy but never finishes the request.
          if (kind !== 2)
            timers.push(setInterval(() => connection.socket.write(kind === 0 ? 'X' : ' '), 200));
        }
        // While they hold their connections, ordinary clients are served.
        await stillServes();
        const deadline = Date.now() + REQUEST_TIMEOUT_MS + 10_000;
        while (slow.some((c) => !c.isClosed()) && Date.now() < deadline) await wait(100);
        expect(slow.filter((c) => !c.isClosed()).length).toBe(0);
        // Each was told why (408), none got a 5xx or an answer to its half request.
        expect(new Set(slow.map((c) => statusOf(c.received())))).toEqual(new Set([408]));
      } finally {
        timers.forEach(clearInterval);
        slow.forEach((c) => c.socket.destroy());
      }
      await stillServes();
    }, 30_000);
  });

  describe('Socket.IO abuse', () => {
    it('answers a flood of thousands of subscribe messages with rate_limited, and serves the others', async () => {
      const flooder = socketTo();
      await connected(flooder);
      const errors: { code: string }[] = [];
      let subscribed = 0;
      flooder.on('error', (error: { code: string }) => errors.push(error));
      flooder.on('subscribed', () => subscribed++);
      for (let i = 0; i < 3_000; i++) flooder.emit('subscribe_route', { routeId });
      await stillServes();
      const deadline = Date.now() + 10_000;
      while (subscribed + errors.length < 3_000 && Date.now() < deadline) await wait(50);
      // The burst is served, the rest refused one by one; the socket is not thrown out.
      expect(subscribed).toBeGreaterThan(0);
      expect(subscribed).toBeLessThan(100);
      expect(errors.length).toBe(3_000 - subscribed);
      // (A subscribe that replaces one still starting answers `cancelled` for the earlier one.)
      expect(errors.some((e) => e.code === 'rate_limited')).toBe(true);
      expect(errors.filter((e) => !['rate_limited', 'cancelled'].includes(e.code))).toEqual([]);
      expect(flooder.connected).toBe(true);
      flooder.close();
    }, 30_000);

    it('disconnects a socket that sends a message over the size limit, and serves the others', async () => {
      const big = socketTo();
      await connected(big);
      const gone = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
      big.emit('subscribe_route', { routeId: 'x'.repeat(100 * 1024) });
      expect(await gone).toBe('transport close');
      await stillServes();
    });

    it('answers malformed and deeply nested messages with validation_failed, without closing', async () => {
      const socket = socketTo();
      await connected(socket);
      const ask = (message: unknown) =>
        new Promise<unknown>((resolve) => socket.emit('subscribe_route', message, resolve));
      for (const message of [
        null,
        42,
        'text',
        [],
        { routeId: 7 },
        { routeId, sinceSequence: -1 },
        JSON.parse('['.repeat(2_000) + ']'.repeat(2_000)),
      ]) {
        expect(await ask(message)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      }
      expect(socket.connected).toBe(true);
      socket.close();
      await stillServes();
    });

    it(`refuses more than ${MAX_SOCKETS_PER_IP} sockets from one address, while other addresses connect`, async () => {
      await socketsDrained();
      const flood = Array.from({ length: MAX_SOCKETS_PER_IP * 2 }, () => socketTo());
      const outcomes = await Promise.all(
        flood.map(
          (socket) =>
            new Promise<string>((resolve) => {
              socket.once('connect', () => resolve('connected'));
              socket.once('connect_error', (error) =>
                resolve((error as { data?: { code?: string } }).data?.code ?? error.message),
              );
            }),
        ),
      );
      expect(outcomes.filter((o) => o === 'connected').length).toBe(MAX_SOCKETS_PER_IP);
      expect(new Set(outcomes.filter((o) => o !== 'connected'))).toEqual(new Set(['too_many_connections']));
      // Another address is not affected by this one's flood.
      const other = socketTo({ localAddress: '127.0.0.2' });
      await new Promise<void>((resolve, reject) => {
        other.once('connect', () => resolve());
        other.once('connect_error', reject);
      });
      // REST is not counted against sockets: an ordinary request from the flooding address is served.
      expect((await request(base, 'GET', `/routes/${routeId}`)).status).toBe(200);
      flood.forEach((socket) => socket.close());
      other.close();
      await socketsDrained();
      await stillServes();
    });
  });

  describe('request floods', () => {
    it('answers a flood of anonymous requests from one address with 429, and serves signed-in users', async () => {
      const answers = await Promise.all(
        Array.from({ length: 400 }, () => request(base, 'GET', `/routes/${routeId}/seats`)),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set([200, 429]));
      expect(answers.filter((a) => a.status === 429).every((a) => errorCode(a) === 'rate_limited')).toBe(
        true,
      );
      await stillServes();
    }, 30_000);
  });
});
