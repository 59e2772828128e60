import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import { describeWithService } from '@booking/core/testing';
import { createTestStorage, type MikroOrmStorage } from '@booking/mikro-orm';
import { startBookingServer, type RunningServer } from './booking-server';
import { parseConfig } from './config';
import { createLogger } from './logger';
import { errorCode, eventually, request } from './test-support/http-client';

const SECRET = randomBytes(32).toString('hex');
const auth = createJwtAuth({ secret: SECRET });
const admin = () => auth.sign({ userId: 'held-seats-admin', role: 'admin' });

/**
 * The reference server (REST, storage, expiry sweep) in this process on a real database, with the
 * default limit of held seats and a sweep every 100 ms.
 */
function describeOnDatabase(target: () => Promise<{ env: Record<string, string>; close(): Promise<void> }>) {
  let server: RunningServer;
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const database = await target();
    close = database.close;
    const config = parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_SAMPLE_ROUTE: 'false',
      LOG_LEVEL: 'silent',
      SWEEP_INTERVAL_MS: '100',
      RATE_LIMIT_POINTS: '10000',
      ...database.env,
    })._unsafeUnwrap();
    server = await startBookingServer({ ...config, jwtSecret: SECRET }, createLogger('silent'));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await close();
  });

  const createRoute = async (seatCount: number, departureAt = '2035-06-01T09:00:00.000Z') => {
    const created = await request(server.url, 'POST', '/routes', {
      token: await admin(),
      body: { fromCity: 'Izmir', toCity: 'Bursa', departureAt, seatCount, price: 30 },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  it('never lets 25 parallel bookings of one customer hold more than 10 unpaid seats', async () => {
    const routes = [await createRoute(13), await createRoute(13)];
    const token = await auth.sign({ userId: `parallel-${randomBytes(4).toString('hex')}`, role: 'customer' });
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        request(server.url, 'POST', '/tickets', {
          token,
          body: {
            routeId: routes[i % 2],
            seatNumber: 1 + Math.floor(i / 2),
            passengerName: `Rider ${i}`,
            gender: 'other',
          },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    expect(
      new Set(answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${errorCode(a)}`)),
    ).toEqual(new Set(['409 hold_limit_reached']));
  });

  it('releases an unpaid hold when its bus leaves, long before the hold would run out', async () => {
    const departureAt = new Date(Date.now() + 4_000).toISOString();
    const routeId = await createRoute(4, departureAt);
    const token = await auth.sign({ userId: 'departing-customer', role: 'customer' });
    const booked = await request(server.url, 'POST', '/tickets', {
      token,
      body: { routeId, seatNumber: 2, passengerName: 'Late Rider', gender: 'female' },
    });
    expect(booked.status).toBe(201);
    expect(Date.parse(booked.body.holdExpiresAt as string)).toBeGreaterThan(Date.parse(departureAt) + 60_000);
    const status = async () =>
      (await request(server.url, 'GET', `/tickets/${String(booked.body.id)}`, { token })).body.status;
    expect(await eventually(async () => (await status()) === 'expired', 10_000, 100)).toBe(true);
    const seats = await request(server.url, 'GET', `/routes/${routeId}/seats`);
    const seat = (seats.body.seats as { seatNumber: number; status: string }[]).find(
      (s) => s.seatNumber === 2,
    );
    expect(seat?.status).toBe('available');
  }, 20_000);
}

describe('held seats and departure on the embedded database', () => {
  describeOnDatabase(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'booking-held-seats-'));
    return { env: { DATA_DIR: dataDir }, close: () => rm(dataDir, { recursive: true, force: true }) };
  });
});

describeWithService('DATABASE_URL', process.env, 'held seats and departure on PostgreSQL', () => {
  describeOnDatabase(async () => {
    const database: MikroOrmStorage = await createTestStorage(process.env, { kind: 'postgres' });
    return { env: { DATABASE_URL: database.url }, close: () => database.close() };
  });
});
