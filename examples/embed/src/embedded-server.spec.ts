import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from '../../../packages/server/src/test-support/http-client';
import { watchRoute } from '../../../packages/server/src/test-support/route-watcher';
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server';

const SECRET = 'our-team-secret-0123456789-abcdef';
const databases = [
  ['the embedded database', undefined],
  ...(process.env.DATABASE_URL ? [['PostgreSQL', process.env.DATABASE_URL] as const] : []),
] as const;

describe.each(databases)('the embed example on %s', (_name, databaseUrl) => {
  let dataDir = '';
  let server: EmbeddedServer;
  let adminToken = '';
  let customerToken = '';
  let routeId = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'embed-'));
    server = await startEmbeddedServer({
      databaseUrl,
      dataDir,
      jwtSecret: SECRET,
      holdSeconds: 1,
      jobIntervalMs: 100,
    });
    adminToken = await server.auth.sign({ userId: 'admin-1', role: 'admin' });
    customerToken = await server.auth.sign({ userId: 'customer-1', role: 'customer' });
  }, 60_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('books a seat over REST with our token, the seat map hears it, and the hold expires on its own', async () => {
    const route = await request(server.url, 'POST', '/routes', {
      token: adminToken,
      body: {
        fromCity: 'Bursa',
        toCity: 'Izmir',
        departureAt: new Date(Date.now() + 86_400_000).toISOString(),
        seatCount: 4,
        price: 20,
      },
    });
    expect(route.status).toBe(201);
    routeId = route.body.id as string;
    const watcher = await watchRoute(server.url, routeId);

    const booked = await request(server.url, 'POST', '/tickets', {
      token: customerToken,
      body: { routeId, seatNumber: 2, passengerName: 'Deniz', gender: 'other' },
    });
    expect(booked).toMatchObject({ status: 201, body: { seatNumber: 2, status: 'reserved' } });
    await watcher.waitForSequence(watcher.subscribedAt + 2);
    watcher.close();
    expect(watcher.updates.map((u) => [u.seatNumber, u.eventType])).toEqual([
      [2, 'seat_reserved'],
      [2, 'seat_available'],
    ]);
  });

  it('refuses a token signed with another secret', async () => {
    const answer = await request(server.url, 'GET', '/tickets', { token: `${customerToken}x` });
    expect(answer.status).toBe(401);
  });

  it('shuts down cleanly: open sockets are closed and nothing answers afterwards', async () => {
    const watcher = await watchRoute(server.url, routeId);
    const disconnected = new Promise((resolve) => watcher.socket.once('disconnect', resolve));
    await server.close();
    await disconnected;
    expect((await request(server.url, 'GET', '/health')).status).toBe(0);
  });
});
