import { ClientFleet, loopbackAddresses } from '../clients/client-fleet';
import { createRoutes } from '../lib/bench-routes';
import type { ProcessUsage } from '../servers/process-usage';
import type { BenchServer } from '../servers/server-handle';
import { onEachServer, type EachServerOptions } from './each-server';

export interface WsCapacityOptions extends EachServerOptions {
  connections: number;
  routes: number;
  clientProcesses: number;
  /** Loopback source addresses the sockets are spread over. */
  addresses: number;
  /** How long every socket is held open before the server is measured. */
  holdMs: number;
  /** Handshakes in flight per client process. */
  concurrency: number;
  timeoutMs: number;
}

export interface WsCapacityRun {
  server: 'booking' | 'baseline';
  requested: number;
  subscribed: number;
  failed: number;
  failures: string[];
  openSeconds: number;
  /** Sockets the server counted, and the clients still had open, after the hold. */
  heldByServer: number;
  heldByClients: number;
  before: ProcessUsage;
  after: ProcessUsage;
  heapBytesPerConnection: number;
  rssBytesPerConnection: number;
}

export interface WsCapacityReport {
  bench: 'ws-capacity';
  database: string;
  runs: WsCapacityRun[];
  /**
   * Booking server / raw Socket.IO, when both ran. Null where the baseline's growth was not positive
   * (a small run can free more than its sockets take): a ratio to it would mean nothing.
   */
  ratio?: { heapPerConnection: number | null; rssPerConnection: number | null };
}

/**
 * Opens `connections` sockets to /seats on the booking server and/or raw Socket.IO, subscribes each
 * to one of `routes` routes, holds them, measures the server. One server at a time: the client
 * processes hold sockets too, and two servers at once would share the machine's file limit.
 */
export async function runWsCapacity(options: WsCapacityOptions): Promise<WsCapacityReport> {
  const { runs, database } = await onEachServer(options, {
    booking: async (env) => {
      const routes = await createRoutes(env.http(8), env.adminToken, options.routes, 40);
      return measure(
        options,
        'booking',
        env.server,
        routes.map((r) => r.id),
      );
    },
    baseline: (server, routeIds) => measure(options, 'baseline', server, routeIds),
  });
  const ratio = compare(runs);
  return { bench: 'ws-capacity', database, runs, ...(ratio ? { ratio } : {}) };
}

/** Starts a fresh fleet, opens and holds the sockets, reads the server's memory (after a GC) around it. */
async function measure(
  options: WsCapacityOptions,
  kind: WsCapacityRun['server'],
  server: BenchServer,
  routeIds: string[],
): Promise<WsCapacityRun> {
  const fleet = await ClientFleet.start(options.clientProcesses);
  try {
    const before = await server.usage(true);
    const opened = await fleet.open({
      url: server.url,
      sockets: options.connections,
      routeIds,
      localAddresses: loopbackAddresses(options.addresses),
      concurrencyPerProcess: options.concurrency,
      timeoutMs: options.timeoutMs,
    });
    await new Promise((done) => setTimeout(done, options.holdMs));
    const after = await server.usage(true);
    const clients = await fleet.report();
    const held = Math.max(1, after.connections);
    return {
      server: kind,
      requested: options.connections,
      subscribed: opened.subscribed,
      failed: opened.failed,
      failures: opened.failures,
      openSeconds: opened.elapsedMs / 1000,
      heldByServer: after.connections,
      heldByClients: clients.open,
      before,
      after,
      heapBytesPerConnection: (after.heapUsed - before.heapUsed) / held,
      rssBytesPerConnection: (after.rss - before.rss) / held,
    };
  } finally {
    await fleet.stop();
  }
}

function compare(runs: WsCapacityRun[]): WsCapacityReport['ratio'] {
  const booking = runs.find((r) => r.server === 'booking');
  const baseline = runs.find((r) => r.server === 'baseline');
  if (!booking || !baseline) return undefined;
  return {
    heapPerConnection: ratioOf(booking.heapBytesPerConnection, baseline.heapBytesPerConnection),
    rssPerConnection: ratioOf(booking.rssBytesPerConnection, baseline.rssBytesPerConnection),
  };
}

const ratioOf = (value: number, base: number) => (base > 0 ? value / base : null);
