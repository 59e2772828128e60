import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { isSeatEvent } from '@booking/core';
import { describeWithService } from '@booking/core/testing';
import { createTestStorage, type MikroOrmStorage } from '@booking/mikro-orm';
import { createRoute, runSeedTimeline } from './test-support/seed-timeline';
import { call, startServerProcess, tokenFor, type ServerProcess } from './test-support/server-process';

describeWithService('DATABASE_URL', process.env, 'the reference server process on PostgreSQL', () => {
  let database: MikroOrmStorage;
  let server: ServerProcess;

  beforeAll(async () => {
    // A fresh database of its own; the server migrates it at start (already done here, so a no-op).
    database = await createTestStorage(process.env, { kind: 'postgres' });
    server = await startServerProcess({ DATABASE_URL: database.url });
  }, 60_000);
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await database?.close();
  });

  it('serves the seed timeline: two watchers see reserve, pay and cancel in order', async () => {
    await runSeedTimeline(server.url);
  }, 60_000);

  it('reports itself healthy and stops cleanly on SIGTERM', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});

describeWithService(
  'DATABASE_URL',
  process.env,
  'hold expiry with two server processes on one database',
  () => {
    let database: MikroOrmStorage;
    let servers: ServerProcess[] = [];

    beforeAll(async () => {
      database = await createTestStorage(process.env, { kind: 'postgres' });
      const env = { DATABASE_URL: database.url, HOLD_SECONDS: '1', SWEEP_INTERVAL_MS: '50' };
      servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    }, 60_000);
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop('SIGTERM')));
      await database?.close();
    });

    it('expires each hold exactly once, with exactly one seat_available each', async () => {
      const [a, b] = servers as [ServerProcess, ServerProcess];
      const routeId = await createRoute(a.url, 10);
      const customer = await tokenFor('customer', 'sweeper-customer');
      const seats = [1, 2, 3, 4, 5, 6];
      for (const seatNumber of seats) {
        const server = seatNumber % 2 === 0 ? a : b;
        const booked = await call(server.url, 'POST', '/tickets', {
          token: customer,
          body: { routeId, seatNumber, passengerName: `Passenger ${seatNumber}`, gender: 'other' },
        });
        expect(booked.status).toBe(201);
      }
      // Both processes sweep every 50 ms; wait until every hold is released.
      const deadline = Date.now() + 15_000;
      let events = (await database.events.readAfter(routeId, 0, 100))._unsafeUnwrap();
      while (
        events.filter((e) => e.eventType === 'seat_available').length < seats.length &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        events = (await database.events.readAfter(routeId, 0, 100))._unsafeUnwrap();
      }
      // Give a second sweep round time to (wrongly) expire anything twice.
      await new Promise((resolve) => setTimeout(resolve, 500));
      events = (await database.events.readAfter(routeId, 0, 100))._unsafeUnwrap();
      const released = events.filter(isSeatEvent).filter((e) => e.eventType === 'seat_available');
      expect(released.map((e) => e.seatNumber).sort((x, y) => x - y)).toEqual(seats);
      expect(released.every((e) => e.metadata.reason === 'hold_expired')).toBe(true);
      expect(events.map((e) => e.sequence)).toEqual(
        Array.from({ length: seats.length * 2 }, (_, i) => i + 1),
      );
    }, 60_000);
  },
);
