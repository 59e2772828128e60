import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenToRoute } from './test-support/seat-listener';
import { createRoute, runSeedTimeline } from './test-support/seed-timeline';
import { call, startServerProcess, tokenFor, type ServerProcess } from './test-support/server-process';

/**
 * The reference server as a real process on the embedded database. The tests share one data
 * directory and run one after another (a fresh PGlite directory takes seconds to initialise).
 */
describe('the reference server process (embedded database)', () => {
  let dataDir = '';
  let server: ServerProcess | undefined;
  const start = async (env: Record<string, string> = {}) => {
    server = await startServerProcess({ DATA_DIR: dataDir, ...env }, 120_000);
    return server;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'booking-server-'));
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the seed timeline: two watchers see reserve, pay and cancel in order', async () => {
    const { url } = await start();
    await runSeedTimeline(url);
  }, 150_000);

  it('keeps every ticket across a restart with the same data directory', async () => {
    const running = server ?? (await start());
    const routeId = await createRoute(running.url);
    const customer = await tokenFor('customer', 'restart-customer');
    const booked = await call(running.url, 'POST', '/tickets', {
      token: customer,
      body: { routeId, seatNumber: 3, passengerName: 'Mehmet Demir', gender: 'male' },
    });
    expect(booked.status).toBe(201);
    // The development e-ticket key is kept in DATA_DIR too: codes signed before a restart still check.
    const keysBefore = await call(running.url, 'GET', '/.well-known/jwks.json');
    expect(keysBefore.status).toBe(200);
    expect(await running.stop('SIGTERM')).toBe(0);

    const again = await start();
    expect((await call(again.url, 'GET', '/.well-known/jwks.json')).body).toEqual(keysBefore.body);
    const found = await call(again.url, 'GET', `/tickets/${booked.body.id as string}`, { token: customer });
    expect(found).toMatchObject({ status: 200, body: booked.body });
    const seats = await call(again.url, 'GET', `/routes/${routeId}/seats`);
    expect((seats.body.seats as { seatNumber: number; status: string }[])[2]).toEqual(
      expect.objectContaining({ seatNumber: 3, status: 'reserved' }),
    );
  }, 150_000);

  it('releases a hold that runs out (HOLD_SECONDS=1) with seat_available / hold_expired', async () => {
    await server?.stop('SIGTERM');
    const running = await start({ HOLD_SECONDS: '1', SWEEP_INTERVAL_MS: '200' });
    const routeId = await createRoute(running.url);
    const listener = await listenToRoute(running.url, routeId);
    try {
      const customer = await tokenFor('customer', 'hold-customer');
      const booked = await call(running.url, 'POST', '/tickets', {
        token: customer,
        body: { routeId, seatNumber: 7, passengerName: 'Zeynep Kaya', gender: 'female' },
      });
      expect(booked.status).toBe(201);
      const [reserved, released] = await listener.waitFor(2, 10_000);
      expect(reserved?.eventType).toBe('seat_reserved');
      expect(released).toMatchObject({
        eventType: 'seat_available',
        seatNumber: 7,
        metadata: { reason: 'hold_expired' },
      });
      const ticket = await call(running.url, 'GET', `/tickets/${booked.body.id as string}`, {
        token: customer,
      });
      expect(ticket.body.status).toBe('expired');
    } finally {
      listener.close();
    }
  }, 150_000);

  it('exits 0 on SIGTERM after finishing the requests in flight', async () => {
    const running = server ?? (await start());
    const routeId = await createRoute(running.url);
    const agent = await tokenFor('agent');
    const inFlight = Array.from({ length: 10 }, (_, i) =>
      call(running.url, 'POST', '/tickets', {
        token: agent,
        body: { routeId, seatNumber: i + 1, passengerName: `Passenger ${i}`, gender: 'other' },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const exit = running.stop('SIGTERM');
    const answers = await Promise.allSettled(inFlight);
    expect(await exit).toBe(0);
    // Every request that got through the door got its answer; none was cut off half-way.
    const statuses = answers.map((a) => (a.status === 'fulfilled' ? a.value.status : 'refused'));
    expect(statuses.filter((s) => s !== 201 && s !== 'refused')).toEqual([]);
    expect(statuses).toContain(201);
    expect(running.output()).toContain('shutting down');
  }, 150_000);
});

describe('the reference server refuses a bad configuration', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ HOLD_SECONDS: '-5' }, 'HOLD_SECONDS'],
    [{ CANCELLATION_POLICY: '24h:0,2h:10' }, 'CANCELLATION_POLICY'],
    [{ NODE_ENV: 'production', JWT_SECRET: '' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', ETICKET_PRIVATE_KEY: '' }, 'ETICKET_PRIVATE_KEY'],
  ])('exits 1 naming the variable for %j', async (env, variable) => {
    await expect(startServerProcess(env, 20_000)).rejects.toThrow(
      new RegExp(`exited with 1 before listening:[\\s\\S]*${variable}`),
    );
  });
});
