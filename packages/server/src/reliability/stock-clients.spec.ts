import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import { eventually, request } from '../test-support/http-client';
import { sequencesOf, watchRoute } from '../test-support/route-watcher';
import { createRoute } from '../test-support/seed-timeline';
import { startServerOnFreshDatabase, tokenFor, type ServerProcess } from '../test-support/server-process';

type Transport = 'polling' | 'websocket';

/** How a stock socket.io-client connects: its defaults, and long-polling alone (proxies without WebSocket). */
const CLIENTS: { name: string; transports?: Transport[]; settlesOn: Transport }[] = [
  { name: 'default settings (long-polling, then the WebSocket upgrade)', settlesOn: 'websocket' },
  { name: 'long-polling only', transports: ['polling'], settlesOn: 'polling' },
];
const BURST = 10;

/** socket.io-client as a new user writes it, against the real server process. */
describe('stock Socket.IO clients against the server process', () => {
  let server: ServerProcess & { close(): Promise<void> };
  let routeId = '';
  let agent = '';
  let seat = 1;
  const sockets: Socket[] = [];

  const book = async () => {
    const booked = await request(server.url, 'POST', '/tickets', {
      token: agent,
      body: { routeId, seatNumber: seat++, passengerName: 'Stock Client', gender: 'female' },
    });
    expect(booked.status).toBe(201);
    return booked.body.id as string;
  };

  beforeAll(async () => {
    server = await startServerOnFreshDatabase({
      WS_RATE_LIMIT_BURST: String(BURST),
      WS_RATE_LIMIT_PER_SECOND: '1',
    });
    agent = await tokenFor('agent', 'stock-client-agent');
    routeId = await createRoute(server.url, 40);
  }, 150_000);
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await server?.close();
  });

  describe.each(CLIENTS)('with $name', ({ transports, settlesOn }) => {
    const connect = (token: string) => {
      const socket = io(`${server.url}/seats`, {
        auth: { token },
        reconnection: false,
        forceNew: true,
        ...(transports ? { transports } : {}),
      });
      sockets.push(socket);
      return socket;
    };

    it(`subscribes, gets the live seat_update of a REST booking, and settles on ${settlesOn}`, async () => {
      const watcher = await watchRoute(server.url, routeId, {
        token: await tokenFor('customer', 'stock-client-watcher'),
        transports,
      });
      try {
        const ticketId = await book();
        await watcher.waitForSequence(watcher.subscribedAt + 1);
        expect(watcher.updates.at(-1)?.ticketId).toBe(ticketId);
        const engine = watcher.socket.io.engine;
        expect(await eventually(async () => engine.transport.name === settlesOn, 5_000, 50)).toBe(true);
      } finally {
        watcher.close();
      }
      expect(server.child.exitCode).toBeNull();
    });

    it('replays what a client missed with sinceSequence, then goes live', async () => {
      const first = await watchRoute(server.url, routeId, { transports });
      const lastSeen = first.subscribedAt;
      first.close();
      await book();
      await book();
      const resumed = await watchRoute(server.url, routeId, { transports, sinceSequence: lastSeen });
      try {
        await resumed.waitForSequence(lastSeen + 2);
        await book();
        await resumed.waitForSequence(lastSeen + 3);
        expect(sequencesOf(resumed.updates)).toEqual([lastSeen + 1, lastSeen + 2, lastSeen + 3]);
      } finally {
        resumed.close();
      }
    });

    it('refuses a bad token at the handshake with unauthorized', async () => {
      const socket = connect('not-a-token');
      const refusal = await new Promise<{ message: string; data?: { code?: string } }>((resolve) => {
        socket.once('connect', () => resolve({ message: 'connected' }));
        socket.once('connect_error', (error) => resolve(error as never));
      });
      expect(refusal).toMatchObject({ message: 'unauthorized', data: { code: 'unauthorized' } });
      expect(socket.connected).toBe(false);
      expect(server.child.exitCode).toBeNull();
    });

    it(`answers a flood with rate_limited beyond a burst of ${BURST}, and keeps the socket`, async () => {
      const socket = connect(await tokenFor('customer', 'stock-client-flooder'));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const answers = await Promise.all(
        Array.from(
          { length: BURST * 5 },
          () =>
            new Promise<{ ok: boolean; error?: { code: string } }>((resolve) =>
              socket.emit('get_seat_availability', { routeId }, resolve),
            ),
        ),
      );
      const refused = answers.filter((answer) => !answer.ok).map((answer) => answer.error?.code);
      expect(answers.filter((answer) => answer.ok).length).toBeGreaterThanOrEqual(BURST);
      expect(refused.length).toBeGreaterThan(0);
      expect(new Set(refused)).toEqual(new Set(['rate_limited']));
      expect(socket.connected).toBe(true);
      socket.close();
    });
  });

  it('never wrote a reply twice (ERR_HTTP_HEADERS_SENT) and is still up', async () => {
    expect(server.output()).not.toContain('ERR_HTTP_HEADERS_SENT');
    expect((await request(server.url, 'GET', '/health')).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
  });
});
