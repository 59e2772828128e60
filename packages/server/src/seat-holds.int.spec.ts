import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import { describeWithService } from '@booking/core/testing';
import { createTestStorage } from '@booking/mikro-orm';
import { startBookingServer, type RunningServer } from './booking-server';
import { parseConfig } from './config';
import { createLogger } from './logger';
import { request, type Answer } from './test-support/http-client';
import { listenToRoute } from './test-support/seat-listener';

const SECRET = randomBytes(32).toString('hex');
const auth = createJwtAuth({ secret: SECRET });
const CARD = {
  cardNumber: '4242424242424242',
  cardHolderName: 'Hold Owner',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};

interface Database {
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The reference server (REST, Socket.IO, storage, sweeps every 100 ms) in this process on `database`. */
async function startServer(database: Database, env: Record<string, string>): Promise<RunningServer> {
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_SAMPLE_ROUTE: 'false',
    LOG_LEVEL: 'silent',
    SWEEP_INTERVAL_MS: '100',
    RATE_LIMIT_POINTS: '10000',
    ...database.env,
    ...env,
  })._unsafeUnwrap();
  return startBookingServer({ ...config, jwtSecret: SECRET }, createLogger('silent'));
}

async function createRoute(server: RunningServer, seatCount = 8): Promise<string> {
  const created = await request(server.url, 'POST', '/routes', {
    token: await auth.sign({ userId: 'holds-admin', role: 'admin' }),
    body: {
      fromCity: 'Izmir',
      toCity: 'Bursa',
      stations: ['Manisa'],
      departureAt: '2035-06-01T09:00:00.000Z',
      seatCount,
      price: 30,
    },
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function seatStatus(server: RunningServer, routeId: string, seatNumber: number): Promise<string> {
  const map = await request(server.url, 'GET', `/routes/${routeId}/seats`);
  const seats = map.body.seats as { seatNumber: number; status: string }[];
  return seats.find((seat) => seat.seatNumber === seatNumber)?.status ?? 'missing';
}

const expectAnswer = (answer: Answer, status: number) => expect(answer.status).toBe(status);

function describeOnDatabase(open: () => Promise<Database>) {
  describe('with the default SEAT_HOLD_SECONDS', () => {
    let server: RunningServer;
    let database: Database | undefined;
    beforeAll(async () => {
      database = await open();
      server = await startServer(database, {});
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await database?.close();
    });

    it('hold -> seat map shows held -> extend -> book with holdId -> reserved tickets -> pay', async () => {
      const routeId = await createRoute(server);
      const token = await auth.sign({ userId: `holder-${randomBytes(4).toString('hex')}`, role: 'customer' });
      const listener = await listenToRoute(server.url, routeId);
      try {
        const placedAt = Date.now();
        const placed = await request(server.url, 'POST', '/holds', {
          token,
          body: { routeId: routeId.toUpperCase(), seatNumbers: [4, 3] },
        });
        expectAnswer(placed, 201);
        const hold = placed.body as { id: string; expiresAt: string; seatNumbers: number[]; status: string };
        expect(hold).toMatchObject({
          routeId,
          seatNumbers: [3, 4],
          fromStopIndex: 0,
          toStopIndex: 2,
          status: 'active',
        });
        const holdMs = Date.parse(hold.expiresAt) - placedAt;
        expect(holdMs).toBeGreaterThan(299_000);
        expect(holdMs).toBeLessThanOrEqual(300_000 + (Date.now() - placedAt));
        expect([await seatStatus(server, routeId, 3), await seatStatus(server, routeId, 4)]).toEqual([
          'held',
          'held',
        ]);

        const extendedAt = Date.now();
        const extended = await request(server.url, 'POST', `/holds/${hold.id.toUpperCase()}/extend`, {
          token,
        });
        expectAnswer(extended, 200);
        const expiresAt = Date.parse(extended.body.expiresAt as string);
        expect(expiresAt).toBeGreaterThanOrEqual(extendedAt + 300_000 - 1_000);
        expect(expiresAt).toBeGreaterThanOrEqual(Date.parse(hold.expiresAt));
        const again = await request(server.url, 'POST', `/holds/${hold.id}/extend`, { token });
        expect([again.status, (again.body.error as { code: string }).code]).toEqual([
          409,
          'hold_not_extendable',
        ]);

        const booked = await request(server.url, 'POST', '/tickets', {
          token,
          body: {
            holdId: hold.id.toUpperCase(),
            passengers: [
              { seatNumber: 3, passengerName: 'Ada Lovelace', gender: 'female' },
              { seatNumber: 4, passengerName: 'Grace Hopper', gender: 'female', phone: '+90 555 000 0000' },
            ],
          },
        });
        expectAnswer(booked, 201);
        const group = booked.body as {
          pnrNumber: string;
          tickets: { status: string; holdExpiresAt: string }[];
        };
        expect(group.tickets.map((t) => t.status)).toEqual(['reserved', 'reserved']);
        expect(Date.parse(group.tickets[0]?.holdExpiresAt ?? '')).toBeGreaterThan(Date.now() + 500_000);
        const converted = await request(server.url, 'GET', `/holds/${hold.id}`, { token });
        expect(converted.body.status).toBe('converted');
        expect(await seatStatus(server, routeId, 3)).toBe('reserved');
        const reuse = await request(server.url, 'POST', '/tickets', {
          token,
          body: { holdId: hold.id, passengers: [{ seatNumber: 3, passengerName: 'X', gender: 'male' }] },
        });
        expect(reuse.status).toBe(409);

        const paid = await request(server.url, 'POST', '/payments', {
          token,
          body: { pnrNumber: group.pnrNumber, ...CARD },
        });
        expectAnswer(paid, 201);
        expect(await seatStatus(server, routeId, 4)).toBe('confirmed');
        const updates = await listener.waitFor(6);
        expect(updates.map((u) => [u.eventType, u.seatNumber, u.metadata.gender])).toEqual([
          ['seat_held', 3, undefined],
          ['seat_held', 4, undefined],
          ['seat_reserved', 3, 'female'],
          ['seat_reserved', 4, 'female'],
          ['seat_confirmed', 3, 'female'],
          ['seat_confirmed', 4, 'female'],
        ]);
        expect(updates.slice(0, 2).map((u) => u.ticketId)).toEqual([hold.id, hold.id]);
      } finally {
        listener.close();
      }
    }, 30_000);

    it('DELETE /holds/:id frees the seats at once with seat_released (released)', async () => {
      const routeId = await createRoute(server);
      const token = await auth.sign({ userId: 'releasing-customer', role: 'customer' });
      const listener = await listenToRoute(server.url, routeId);
      try {
        const placed = await request(server.url, 'POST', '/holds', { token, body: { routeId, quantity: 1 } });
        expectAnswer(placed, 201);
        const [seat] = placed.body.seatNumbers as number[];
        const released = await request(server.url, 'DELETE', `/holds/${String(placed.body.id)}`, { token });
        expectAnswer(released, 200);
        expect(released.body.status).toBe('released');
        expect(await seatStatus(server, routeId, seat ?? 0)).toBe('available');
        const updates = await listener.waitFor(2);
        expect(updates.map((u) => [u.eventType, u.seatNumber, u.metadata.reason])).toEqual([
          ['seat_held', seat, undefined],
          ['seat_released', seat, 'released'],
        ]);
      } finally {
        listener.close();
      }
    }, 30_000);
  });

  describe('with SEAT_HOLD_SECONDS=1', () => {
    let server: RunningServer;
    let database: Database | undefined;
    beforeAll(async () => {
      database = await open();
      server = await startServer(database, { SEAT_HOLD_SECONDS: '1' });
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await database?.close();
    });

    it('a hold runs out: seat_released (hold_expired) within 5 s of expiresAt, the hold expired, the seat free', async () => {
      const routeId = await createRoute(server, 4);
      const token = await auth.sign({ userId: 'expiring-customer', role: 'customer' });
      const listener = await listenToRoute(server.url, routeId);
      try {
        const placed = await request(server.url, 'POST', '/holds', {
          token,
          body: { routeId, seatNumbers: [2] },
        });
        expectAnswer(placed, 201);
        const hold = placed.body as { id: string; expiresAt: string };
        const [held, released] = await listener.waitFor(2, 15_000);
        expect([held?.eventType, released?.eventType, released?.ticketId, released?.metadata.reason]).toEqual(
          ['seat_held', 'seat_released', hold.id, 'hold_expired'],
        );
        const lateMs = Date.parse(released?.timestamp ?? '') - Date.parse(hold.expiresAt);
        expect(lateMs).toBeGreaterThanOrEqual(0);
        expect(lateMs).toBeLessThanOrEqual(5_000);
        expect((await request(server.url, 'GET', `/holds/${hold.id}`, { token })).body.status).toBe(
          'expired',
        );
        expect(await seatStatus(server, routeId, 2)).toBe('available');
        const late = await request(server.url, 'POST', '/tickets', {
          token,
          body: { holdId: hold.id, passengers: [{ seatNumber: 2, passengerName: 'Late', gender: 'male' }] },
        });
        expect([late.status, (late.body.error as { code: string }).code]).toEqual([409, 'hold_expired']);
      } finally {
        listener.close();
      }
    }, 30_000);
  });
}

describe('seat holds over HTTP on the embedded database', () => {
  describeOnDatabase(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'booking-seat-holds-'));
    return { env: { DATA_DIR: dataDir }, close: () => rm(dataDir, { recursive: true, force: true }) };
  });
});

describeWithService('DATABASE_URL', process.env, 'seat holds over HTTP on PostgreSQL', () => {
  describeOnDatabase(async () => {
    const database = await createTestStorage(process.env, { kind: 'postgres' });
    return { env: { DATABASE_URL: database.url }, close: () => database.close() };
  });
});
