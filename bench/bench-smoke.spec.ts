/**
 * The benchmarks' smoke mode: each runs for a few seconds with a handful of sockets, so a change
 * that breaks them fails `npm test`. It checks that they run and report sane, consistent numbers;
 * never how fast anything is (that is what `npm run bench` is for, on a quiet machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runDepartureCancel } from './benches/departure-cancel';
import { runFanout, type FanoutRun } from './benches/fanout';
import { runSeatChoice, STRATEGIES } from './benches/seat-choice';
import { runWsCapacity, type WsCapacityRun } from './benches/ws-capacity';
import { formatDepartureCancel } from './lib/format-departure-cancel';
import { formatSeatChoice } from './lib/format-seat-choice';
import { SMOKE } from './presets';

// Child processes run the packages from src/ (like jest), so the smoke needs no build.
process.env.BENCH_FROM_SOURCE = '1';

// PostgreSQL when there is one (CI); otherwise the embedded database, one directory for the file.
const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'bench-smoke-'));
const database = process.env.DATABASE_URL ? { postgresUrl: process.env.DATABASE_URL } : { dataDir };

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function expectHeldRun(run: WsCapacityRun, connections: number): void {
  expect(run).toMatchObject({
    requested: connections,
    subscribed: connections,
    failed: 0,
    heldByServer: connections,
    heldByClients: connections,
  });
  // Read before the fleet opened anything: the growth is this run's sockets only.
  expect(run.before.connections).toBe(0);
  expect(run.after.heapUsed).toBeGreaterThan(0);
  expect(Number.isFinite(run.heapBytesPerConnection)).toBe(true);
  expect(Number.isFinite(run.rssBytesPerConnection)).toBe(true);
}

function expectSaneRun(run: FanoutRun, sockets: number): void {
  expect(run.sockets).toBe(sockets);
  expect(run.socketFailures).toBe(0);
  expect(run.events).toBeGreaterThan(0);
  expect(run.deliveries).toBeGreaterThan(0);
  // Every socket follows one route: each delivery is the next sequence of that route, none skipped.
  expect(run.outOfOrder).toBe(0);
  const { p50, p95, p99, max, count } = run.latencyMs;
  expect(count).toBe(run.deliveries);
  expect(p50).toBeGreaterThan(0);
  expect([p50 <= p95, p95 <= p99, p99 <= max]).toEqual([true, true, true]);
  expect(run.serverCpuMicrosPerDelivery).toBeGreaterThan(0);
  expect(run.clientCpuPercent).toBeGreaterThan(0);
}

describe('benchmarks in smoke mode', () => {
  it('ws-capacity opens, subscribes and holds every socket on the booking server and on raw Socket.IO, and reads their memory', async () => {
    const options = SMOKE['ws-capacity'];
    const report = await runWsCapacity({ ...options, ...database, servers: ['booking', 'baseline'] });
    expect(report.bench).toBe('ws-capacity');
    expect(report.runs.map((r) => r.server)).toEqual(['booking', 'baseline']);
    for (const run of report.runs) expectHeldRun(run, options.connections);
    // Structure only: a few dozen sockets are within the garbage collector's noise, so either server's
    // growth (hence a ratio) may even be negative; null when the baseline did not grow.
    expect(Object.keys(report.ratio ?? {}).sort()).toEqual(['heapPerConnection', 'rssPerConnection']);
    for (const ratio of Object.values(report.ratio ?? {})) {
      expect(ratio === null || Number.isFinite(ratio)).toBe(true);
    }
  }, 120_000);

  it('fanout delivers booked seat events in order on the booking server and on raw Socket.IO, and compares them', async () => {
    const options = SMOKE.fanout;
    const report = await runFanout({ ...options, ...database, servers: ['booking', 'baseline'] });
    expect(report.runs.map((r) => r.server)).toEqual(['booking', 'baseline']);
    for (const run of report.runs) expectSaneRun(run, options.routes * options.subscribers);
    const booking = report.runs[0] as FanoutRun;
    // The real booking path made the events: sales (201) and cancels (200), nothing else.
    expect(Object.keys(booking.requests?.statuses ?? {}).sort()).toEqual(['200', '201']);
    expect(report.ratio?.cpuPerDelivery).toBeGreaterThan(0);
    expect(report.ratio?.p99).toBeGreaterThan(0);
  }, 120_000);

  it('seat-choice sells within the buses, accounts for every trip and repeats itself exactly', () => {
    const options = SMOKE['seat-choice'];
    const report = runSeatChoice(options); // throws if a strategy sold one seat twice
    expect(report.runs).toHaveLength(options.arrivals.length * options.demands.length * options.seeds);
    for (const run of report.runs) {
      for (const strategy of STRATEGIES) {
        const sales = run.sales[strategy];
        expect(sales.seatKm).toBeGreaterThan(0);
        expect(sales.seatKm).toBeLessThanOrEqual(run.capacitySeatKm);
        expect(sales.refused).toBeLessThan(run.requests);
        // Every trip is sold (one or two seats) or refused.
        expect(sales.seatsSold).toBeGreaterThanOrEqual(run.requests - sales.refused);
        expect(sales.seatsSold).toBeLessThanOrEqual(2 * (run.requests - sales.refused));
      }
    }
    expect(runSeatChoice(options)).toEqual(report);
    expect(formatSeatChoice(report).match(/^Booking order /gm)).toHaveLength(
      options.arrivals.length * options.demands.length,
    );
  });

  it('departure-cancel cancels sold-out paid departures, refunds every ticket and times the route lock', async () => {
    const options = SMOKE['departure-cancel'];
    // The embedded database wants a directory of its own.
    const storage = dataDir ? { dataDir: join(dataDir, 'departure-cancel') } : database;
    const report = await runDepartureCancel({ ...options, ...storage }); // throws if a ticket was left
    expect(report.runs).toHaveLength(options.tickets.length * options.repeats);
    for (const run of report.runs) {
      // The route_update, then seat_cancelled and seat_available per ticket.
      expect(run).toMatchObject({ events: 1 + 2 * run.tickets, refunds: run.tickets });
      expect(run.lockHeldMs).toBeGreaterThan(0);
      // Answered after the commit; the refunds follow the answer.
      expect(run.answerMs).toBeGreaterThanOrEqual(run.lockHeldMs);
      expect(run.totalMs).toBeGreaterThanOrEqual(run.answerMs);
    }
    expect(formatDepartureCancel(report)).toContain('| paid tickets |');
  });
});
