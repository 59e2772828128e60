import { ClientFleet, loopbackAddresses } from '../clients/client-fleet';
import { createRoutes } from '../lib/bench-routes';
import type { ProcessUsage } from '../servers/process-usage';
import { withBookingServer, type DatabaseChoice } from './booking-environment';

export interface WsCapacityOptions extends DatabaseChoice {
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

export interface WsCapacityReport {
  bench: 'ws-capacity';
  database: string;
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

/** Opens `connections` sockets to /seats, subscribes each to one of `routes` routes, holds them, measures the server. */
export async function runWsCapacity(options: WsCapacityOptions): Promise<WsCapacityReport> {
  return withBookingServer(options, async (env) => {
    const routes = await createRoutes(env.http(8), env.adminToken, options.routes, 40);
    const fleet = await ClientFleet.start(options.clientProcesses);
    try {
      const before = await env.server.usage(true);
      const opened = await fleet.open({
        url: env.server.url,
        sockets: options.connections,
        routeIds: routes.map((r) => r.id),
        localAddresses: loopbackAddresses(options.addresses),
        concurrencyPerProcess: options.concurrency,
        timeoutMs: options.timeoutMs,
      });
      await new Promise((done) => setTimeout(done, options.holdMs));
      const after = await env.server.usage(true);
      const clients = await fleet.report();
      const held = Math.max(1, after.connections);
      return {
        bench: 'ws-capacity',
        database: env.databaseLabel,
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
  });
}
