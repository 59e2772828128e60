/**
 * A load-generator process: holds many lean `/seats` sockets, each subscribed to one route, and
 * counts what they receive (deliveries, commit-to-client latency, sequence gaps) between `reset`
 * and `report`. The parent spreads sockets over several of these processes.
 */
import { LatencyHistogram, type SparseHistogram } from '../lib/latency-histogram';
import { serveParent } from '../lib/child-link';
import { LeanSeatSocket } from './lean-seat-socket';
import { readSeatUpdate } from './seat-update-packet';

export interface OpenRequest {
  url: string;
  /** Socket k (of this process) subscribes to routeIds[k % routeIds.length]. */
  routeIds: string[];
  count: number;
  localAddresses: string[];
  token?: string;
  /** Handshakes in flight at once. */
  concurrency: number;
  timeoutMs: number;
}

export interface OpenResult {
  opened: number;
  subscribed: number;
  failed: number;
  /** A few distinct failure messages, to say why. */
  failures: string[];
  elapsedMs: number;
}

export interface ClientReport {
  deliveries: number;
  /** Deliveries whose sequence was not the previous one plus one on that socket. */
  outOfOrder: number;
  latency: SparseHistogram;
  /** Sockets that are still open. */
  open: number;
  /** CPU this process used since the last reset, in microseconds. */
  cpuMicros: number;
  elapsedMs: number;
}

const sockets: LeanSeatSocket[] = [];
const histogram = new LatencyHistogram();
let deliveries = 0;
let outOfOrder = 0;
let since = { cpu: process.cpuUsage(), at: performance.now() };
const wallClock = () => performance.timeOrigin + performance.now();

function counter(): (packet: string) => void {
  let last = NaN;
  return (packet) => {
    const { timestampMs, sequence } = readSeatUpdate(packet);
    deliveries += 1;
    histogram.record(wallClock() - timestampMs);
    if (!Number.isNaN(last) && sequence !== last + 1) outOfOrder += 1;
    last = sequence;
  };
}

async function open(request: OpenRequest): Promise<OpenResult> {
  const began = performance.now();
  const failures = new Map<string, number>();
  let opened = 0;
  let subscribed = 0;
  let next = 0;
  const worker = async () => {
    while (next < request.count && performance.now() - began < request.timeoutMs * 4) {
      const k = next++;
      try {
        const socket = await LeanSeatSocket.connect(request.url, {
          localAddress: request.localAddresses[k % request.localAddresses.length],
          token: request.token,
          timeoutMs: request.timeoutMs,
          onSeatUpdate: counter(),
        });
        sockets.push(socket);
        opened += 1;
        await socket.subscribe(request.routeIds[k % request.routeIds.length] as string, request.timeoutMs);
        subscribed += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.set(message, (failures.get(message) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, request.concurrency) }, worker));
  return {
    opened,
    subscribed,
    // Not opened, not subscribed, or never tried because the time bound ran out.
    failed: request.count - subscribed,
    failures: [...failures].slice(0, 5).map(([message, count]) => `${count}x ${message}`),
    elapsedMs: performance.now() - began,
  };
}

const parent = serveParent(
  {
    open: (request: OpenRequest) => open(request),
    reset: () => {
      histogram.reset();
      deliveries = 0;
      outOfOrder = 0;
      since = { cpu: process.cpuUsage(), at: performance.now() };
      return {};
    },
    report: (): ClientReport => {
      const cpu = process.cpuUsage(since.cpu);
      return {
        deliveries,
        outOfOrder,
        latency: histogram.toSparse(),
        open: sockets.filter((s) => !s.closed).length,
        cpuMicros: cpu.user + cpu.system,
        elapsedMs: performance.now() - since.at,
      };
    },
    closeAll: () => {
      for (const socket of sockets.splice(0)) socket.close();
      return {};
    },
  },
  async () => {
    for (const socket of sockets.splice(0)) socket.close();
  },
);
parent.ready({ pid: process.pid });
