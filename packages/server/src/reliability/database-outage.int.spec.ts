import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithService } from '@booking/core/testing';
import { startBookingLoad } from '../test-support/booking-load';
import { errorCode, eventually, request } from '../test-support/http-client';
import { startPrivatePostgres, type PrivatePostgres } from '../test-support/private-postgres';
import { createRoute } from '../test-support/seed-timeline';
import { startServerProcess, tokenFor, type ServerProcess } from '../test-support/server-process';

const STOPS = ['Istanbul', 'Izmit', 'Bolu', 'Ankara'];

/**
 * The database goes away under load and comes back. The shared PostgreSQL service is never touched:
 * this file runs a private cluster (initdb in a temporary directory) and stops it with pg_ctl.
 */
describeWithService('DATABASE_URL', process.env, 'a PostgreSQL outage under load', () => {
  let postgres: PrivatePostgres | undefined;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    // The load's customer keeps many holds: the limit of held seats is out of the way here.
    server = await startServerProcess({
      DATABASE_URL: postgres.url,
      SWEEP_INTERVAL_MS: '200',
      MAX_HELD_SEATS: '1000',
    });
  }, 90_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await postgres?.destroy();
  });

  it('answers 503 persistence_unavailable while the database is down, and recovers without a restart', async () => {
    if (!postgres || !server) throw new Error('not started');
    const { url } = server;
    const routeId = await createRoute(url, 40);
    const agent = await tokenFor('agent', 'outage-agent');
    const customer = await tokenFor('customer', 'outage-customer');
    const load = startBookingLoad(url, {
      routeId,
      stops: STOPS,
      seatCount: 40,
      tokens: [agent, customer],
      workers: 2,
      maxRequests: 1_500,
      maxMs: 60_000,
      pauseMs: 50,
    });
    try {
      await load.acceptedAtLeast(5);
      const acceptedBefore = load.report.accepted.length;

      await postgres.stop();
      load.markOutage();
      // The health check notices, reads and writes fail cleanly, and the process stays up.
      expect(
        await eventually(async () => (await request(url, 'GET', '/health')).status === 503, 15_000),
      ).toBe(true);
      const read = await request(url, 'GET', `/routes/${routeId}/seats`);
      expect({ status: read.status, code: errorCode(read) }).toEqual({
        status: 503,
        code: 'persistence_unavailable',
      });
      const write = await request(url, 'POST', '/tickets', {
        token: customer,
        body: { routeId, seatNumber: 40, passengerName: 'During Outage', gender: 'female' },
      });
      expect({ status: write.status, code: errorCode(write) }).toEqual({
        status: 503,
        code: 'persistence_unavailable',
      });
      expect(await eventually(async () => load.report.duringOutage.length >= 5, 30_000)).toBe(true);
      expect(server.child.exitCode).toBeNull();

      // The record ends before the start begins: PostgreSQL accepts connections before pg_ctl returns.
      load.endOutage();
      await postgres.start();
      // Back without a restart: healthy again, and the load books seats again.
      expect(
        await eventually(async () => (await request(url, 'GET', '/health')).status === 200, 30_000),
      ).toBe(true);
      await load.acceptedAtLeast(acceptedBefore + 5);
      expect(load.report.accepted.length).toBeGreaterThanOrEqual(acceptedBefore + 5);
    } finally {
      await load.stop();
    }
    expect(server.child.exitCode).toBeNull();

    // Every booking asked for during the outage answered 503 persistence_unavailable, and none was kept.
    const outage = load.report.duringOutage;
    expect(new Set(outage.map(({ answer }) => `${answer.status} ${errorCode(answer)}`))).toEqual(
      new Set(['503 persistence_unavailable']),
    );
    const listed = await request(url, 'GET', `/tickets?routeId=${routeId}&limit=1000`, { token: agent });
    expect(listed.status).toBe(200);
    const names = new Set((listed.body.tickets as { passengerName: string }[]).map((t) => t.passengerName));
    expect(outage.filter(({ passengerName }) => names.has(passengerName))).toEqual([]);
    expect(names.has('During Outage')).toBe(false);
    // Nothing else went wrong along the way: no 5xx other than 503, no dropped connection.
    const statuses = new Set(load.report.answers.map((a) => a.status));
    expect([...statuses].filter((s) => ![201, 409, 503].includes(s))).toEqual([]);
    // And it still shuts down cleanly.
    expect(await server.stop('SIGTERM')).toBe(0);
  }, 150_000);
});
