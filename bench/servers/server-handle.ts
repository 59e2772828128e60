import { resolve } from 'node:path';
import { createJwtAuth, type JwtAuth } from '@booking/auth';
import { ChildLink } from '../lib/child-link';
import type { ProcessUsage } from './process-usage';

/** The secret the benchmark server runs with; the bench signs its own tokens with it. */
export const BENCH_JWT_SECRET = 'bench-secret-that-is-long-enough-0123456789';

export function benchAuth(): JwtAuth {
  return createJwtAuth({ secret: BENCH_JWT_SECRET });
}

export interface BenchServer {
  kind: 'booking' | 'baseline';
  url: string;
  pid: number;
  /** Memory (after a full GC when `gc`) and CPU time of the server process. */
  usage(gc?: boolean): Promise<ProcessUsage>;
  stop(): Promise<void>;
  link: ChildLink;
}

export interface ServerProcessOptions {
  /** PostgreSQL database for the booking server; without it, the embedded database in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** Writes a V8 CPU profile of the server into this directory when it exits. */
  cpuProfDir?: string;
  /** Extra environment for the booking server (it reads its configuration like `npm start`). */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

function nodeFlags(options: ServerProcessOptions): string[] {
  return [
    '--expose-gc',
    ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
  ];
}

async function start(
  kind: BenchServer['kind'],
  file: string,
  env: Record<string, string>,
  options: ServerProcessOptions,
) {
  const { link, ready } = await ChildLink.start<{ url: string; pid: number }>(resolve(__dirname, file), {
    name: `${kind} server`,
    env,
    execArgv: nodeFlags(options),
    timeoutMs: options.startTimeoutMs ?? 120_000,
  });
  const server: BenchServer = {
    kind,
    url: ready.url,
    pid: ready.pid,
    link,
    usage: (gc = false) => link.request<ProcessUsage>('usage', { gc }),
    stop: () => link.stop(),
  };
  return server;
}

/** The reference server in a child process, configured for load: limits out of the way, logs at warn. */
export function startBookingServerProcess(options: ServerProcessOptions): Promise<BenchServer> {
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: BENCH_JWT_SECRET,
    LOG_LEVEL: 'warn',
    SEED_SAMPLE_ROUTE: 'false',
    HOLD_SECONDS: '86400',
    RATE_LIMIT_POINTS: '1000000',
    MAX_HELD_SEATS: '1000000',
    RATE_LIMIT_WINDOW_SECONDS: '1',
    WS_MAX_CONNECTIONS_PER_IP: '1000000',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATABASE_URL: '' }),
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
    REDIS_URL: '',
    ...options.env,
  };
  return start('booking', 'booking-server-process.ts', env, options);
}

export interface BaselineServer extends BenchServer {
  /** Emits `seat_update`s round-robin over `routeIds` at `eventsPerSecond`, for at most `maxMs`. */
  emit(routeIds: string[], eventsPerSecond: number, maxMs: number): Promise<void>;
  /** How many events went out so far. */
  emitted(): Promise<number>;
  /** Stops emitting; resolves with how many events went out. */
  stopEmitting(): Promise<number>;
}

/** The bare Socket.IO server the booking server is compared with. */
export async function startBaselineServerProcess(options: ServerProcessOptions): Promise<BaselineServer> {
  const server = await start('baseline', 'baseline-server-process.ts', { HOST: '127.0.0.1' }, options);
  return {
    ...server,
    emit: async (routeIds, eventsPerSecond, maxMs) => {
      await server.link.request('emit', { routeIds, eventsPerSecond, maxMs });
    },
    emitted: async () => (await server.link.request<{ events: number }>('emitted')).events,
    stopEmitting: async () => (await server.link.request<{ events: number }>('stopEmitting')).events,
  };
}
