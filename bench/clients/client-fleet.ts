import { resolve } from 'node:path';
import { ChildLink } from '../lib/child-link';
import { LatencyHistogram, type LatencySummary } from '../lib/latency-histogram';
import type { ClientReport, OpenRequest, OpenResult } from './client-process';

export interface FleetOpen {
  url: string;
  /** Total sockets over all processes; socket g subscribes to routeIds[g % routeIds.length]. */
  sockets: number;
  routeIds: string[];
  localAddresses: string[];
  token?: string;
  concurrencyPerProcess: number;
  timeoutMs: number;
}

export interface FleetReport {
  deliveries: number;
  outOfOrder: number;
  latency: LatencySummary;
  open: number;
  /** CPU of all client processes together, in microseconds, over `elapsedMs`. */
  cpuMicros: number;
  elapsedMs: number;
}

/** Loopback source addresses 127.0.0.2 ... (Linux routes all of 127/8 to the loopback device). */
export function loopbackAddresses(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `127.0.0.${2 + i}`);
}

/** Several load-generator processes that together hold the benchmark's sockets. */
export class ClientFleet {
  private constructor(private readonly links: ChildLink[]) {}

  static async start(processes: number): Promise<ClientFleet> {
    const file = resolve(__dirname, 'client-process.ts');
    const started = await Promise.all(
      Array.from({ length: processes }, (_, i) =>
        ChildLink.start(file, { name: `client process ${i + 1}`, timeoutMs: 60_000 }),
      ),
    );
    return new ClientFleet(started.map((s) => s.link));
  }

  get pids(): number[] {
    return this.links.map((link) => link.child.pid ?? 0);
  }

  async open(request: FleetOpen): Promise<OpenResult> {
    const share = Math.ceil(request.sockets / this.links.length);
    const results = await Promise.all(
      this.links.map((link, p) => {
        const first = p * share;
        const count = Math.max(0, Math.min(share, request.sockets - first));
        const shift = first % request.routeIds.length;
        const body: OpenRequest = {
          url: request.url,
          routeIds: [...request.routeIds.slice(shift), ...request.routeIds.slice(0, shift)],
          count,
          localAddresses: request.localAddresses,
          token: request.token,
          concurrency: request.concurrencyPerProcess,
          timeoutMs: request.timeoutMs,
        };
        return link.request<OpenResult>('open', body, request.timeoutMs * 5 + 60_000);
      }),
    );
    return {
      opened: sum(results.map((r) => r.opened)),
      subscribed: sum(results.map((r) => r.subscribed)),
      failed: sum(results.map((r) => r.failed)),
      failures: results.flatMap((r) => r.failures).slice(0, 5),
      elapsedMs: Math.max(...results.map((r) => r.elapsedMs)),
    };
  }

  async reset(): Promise<void> {
    await Promise.all(this.links.map((link) => link.request('reset')));
  }

  async report(): Promise<FleetReport> {
    const reports = await Promise.all(this.links.map((link) => link.request<ClientReport>('report')));
    const histogram = new LatencyHistogram();
    for (const report of reports) histogram.add(report.latency);
    return {
      deliveries: sum(reports.map((r) => r.deliveries)),
      outOfOrder: sum(reports.map((r) => r.outOfOrder)),
      latency: histogram.summary(),
      open: sum(reports.map((r) => r.open)),
      cpuMicros: sum(reports.map((r) => r.cpuMicros)),
      elapsedMs: Math.max(...reports.map((r) => r.elapsedMs)),
    };
  }

  async closeSockets(): Promise<void> {
    await Promise.all(this.links.map((link) => link.request('closeAll')));
  }

  async stop(): Promise<void> {
    await Promise.all(this.links.map((link) => link.stop()));
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
