import { ClientFleet, loopbackAddresses, type FleetReport } from '../clients/client-fleet';
import type { LatencySummary } from '../lib/latency-histogram';
import { createRoutes } from '../lib/bench-routes';
import type { BenchServer } from '../servers/server-handle';
import type { DriverCounts } from './seat-event-driver';
import { SeatEventDriver } from './seat-event-driver';
import { onEachServer, type EachServerOptions } from './each-server';

export interface FanoutOptions extends EachServerOptions {
  routes: number;
  /** Sockets per route. */
  subscribers: number;
  /** Seat events per second over all routes (deliveries per second = this x subscribers). */
  eventsPerSecond: number;
  warmupMs: number;
  durationMs: number;
  clientProcesses: number;
  addresses: number;
  /** Booking requests open at once (the driver skips turns beyond it). */
  maxInFlight: number;
  seatsPerRoute: number;
  timeoutMs: number;
}

export interface FanoutRun {
  server: 'booking' | 'baseline';
  sockets: number;
  socketFailures: number;
  failures: string[];
  targetEventsPerSecond: number;
  events: number;
  eventsPerSecond: number;
  deliveries: number;
  expectedDeliveries: number;
  deliveriesPerSecond: number;
  outOfOrder: number;
  latencyMs: LatencySummary;
  /** Of one core (100 = one core busy). */
  serverCpuPercent: number;
  serverCpuMicrosPerDelivery: number;
  clientCpuPercent: number;
  driverCpuPercent: number;
  requests?: { sent: number; statuses: Record<string, number>; skippedTurns: number };
  windowSeconds: number;
}

export interface FanoutReport {
  bench: 'fanout';
  database: string;
  runs: FanoutRun[];
  /** Booking server / raw Socket.IO, when both ran. */
  ratio?: { cpuPerDelivery: number; p99: number; p50: number };
}

/** The event source of one run: started after the sockets subscribed, counted around the window. */
interface EventSource {
  start(): void;
  counts(): Promise<{ events: number; driver?: DriverCounts }>;
  finish(): Promise<void>;
}

/** R routes x S subscribers on the booking server and/or raw Socket.IO, at the same event rate. */
export async function runFanout(options: FanoutOptions): Promise<FanoutReport> {
  const emitForMs = options.warmupMs + options.durationMs + 5_000;
  const { runs, database } = await onEachServer(options, {
    booking: async (env) => {
      const http = env.http(options.maxInFlight);
      const routes = await createRoutes(env.http(8), env.adminToken, options.routes, options.seatsPerRoute);
      const driver = new SeatEventDriver(
        http,
        env.adminToken,
        routes,
        options.seatsPerRoute,
        options.maxInFlight,
      );
      return measure(
        options,
        'booking',
        env.server,
        routes.map((r) => r.id),
        {
          start: () => driver.start(options.eventsPerSecond, emitForMs),
          counts: async () => {
            const counts = driver.snapshot();
            return { events: counts.events, driver: counts };
          },
          finish: async () => void (await driver.stop()),
        },
      );
    },
    baseline: (server, routeIds) =>
      measure(options, 'baseline', server, routeIds, {
        start: () => void server.emit(routeIds, options.eventsPerSecond, emitForMs),
        counts: async () => ({ events: await server.emitted() }),
        finish: async () => void (await server.stopEmitting()),
      }),
  });
  const booking = runs.find((r) => r.server === 'booking');
  const baseline = runs.find((r) => r.server === 'baseline');
  const ratio =
    booking && baseline
      ? {
          cpuPerDelivery: booking.serverCpuMicrosPerDelivery / baseline.serverCpuMicrosPerDelivery,
          p99: booking.latencyMs.p99 / baseline.latencyMs.p99,
          p50: booking.latencyMs.p50 / baseline.latencyMs.p50,
        }
      : undefined;
  return { bench: 'fanout', database, runs, ...(ratio ? { ratio } : {}) };
}

async function measure(
  options: FanoutOptions,
  kind: FanoutRun['server'],
  server: BenchServer,
  routeIds: string[],
  load: EventSource,
): Promise<FanoutRun> {
  const fleet = await ClientFleet.start(options.clientProcesses);
  try {
    const opened = await fleet.open({
      url: server.url,
      sockets: options.routes * options.subscribers,
      routeIds,
      localAddresses: loopbackAddresses(options.addresses),
      concurrencyPerProcess: 50,
      timeoutMs: options.timeoutMs,
    });
    load.start();
    await sleep(options.warmupMs);
    await fleet.reset();
    const serverBefore = await server.usage();
    const driverBefore = process.cpuUsage();
    const countsBefore = await load.counts();
    const began = performance.now();
    await sleep(options.durationMs);
    const clients: FleetReport = await fleet.report();
    const serverAfter = await server.usage();
    const driverCpu = process.cpuUsage(driverBefore);
    const windowMs = performance.now() - began;
    const countsAfter = await load.counts();
    await load.finish();
    const events = countsAfter.events - countsBefore.events;
    const serverCpu = serverAfter.cpuMicros - serverBefore.cpuMicros;
    const statuses = diffStatuses(countsBefore.driver?.statuses ?? {}, countsAfter.driver?.statuses ?? {});
    return {
      server: kind,
      sockets: opened.subscribed,
      socketFailures: opened.failed,
      failures: opened.failures,
      targetEventsPerSecond: options.eventsPerSecond,
      events,
      eventsPerSecond: (events * 1000) / windowMs,
      deliveries: clients.deliveries,
      expectedDeliveries: events * options.subscribers,
      deliveriesPerSecond: (clients.deliveries * 1000) / windowMs,
      outOfOrder: clients.outOfOrder,
      latencyMs: clients.latency,
      serverCpuPercent: (serverCpu / (windowMs * 1000)) * 100,
      serverCpuMicrosPerDelivery: clients.deliveries > 0 ? serverCpu / clients.deliveries : 0,
      clientCpuPercent: (clients.cpuMicros / (clients.elapsedMs * 1000)) * 100,
      driverCpuPercent:
        kind === 'booking' ? ((driverCpu.user + driverCpu.system) / (windowMs * 1000)) * 100 : 0,
      ...(countsAfter.driver
        ? {
            requests: {
              sent: countsAfter.driver.requests - (countsBefore.driver?.requests ?? 0),
              statuses,
              skippedTurns: countsAfter.driver.skipped - (countsBefore.driver?.skipped ?? 0),
            },
          }
        : {}),
      windowSeconds: windowMs / 1000,
    };
  } finally {
    await fleet.stop();
  }
}

function diffStatuses(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([status, n]) => [status, n - (before[status] ?? 0)]));
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
