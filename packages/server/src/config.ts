import { DEFAULT_MAX_HELD_SEATS, SEAT_RULES, type SeatRuleName } from '@booking/core';
import { err, ok, type Result } from 'neverthrow';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the reference server reads from its environment, checked once at start. */
export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL; unset means the embedded database in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Several server processes share seat events through Redis when set. */
  redisUrl?: string;
  /** Unset outside production: the server makes a random one and prints development tokens. */
  jwtSecret?: string;
  holdSeconds: number;
  corsOrigins: string[];
  wsRequireAuth: boolean;
  restRateLimit: { points: number; durationSeconds: number };
  wsRateLimit: { perSecond: number; burst: number };
  maxConnectionsPerIp: number;
  logLevel: LogLevel;
  production: boolean;
  /** Create one sample route on the first start of an empty embedded database (outside production). */
  seedSampleRoute: boolean;
  /** How often expired holds are released, and unpublished events relayed. */
  sweepIntervalMs: number;
  /** Bearer token that GET /metrics requires when set. */
  metricsToken?: string;
  currency: string;
  /** A client must send its request headers within this time (slowloris defence), in ms. */
  httpHeadersTimeoutMs?: number;
  /** A client must send its whole request within this time, in ms (responses are not limited). */
  httpRequestTimeoutMs?: number;
  /** Seat rules switched on (`SEAT_RULES`, comma-separated; default none). */
  seatRules: SeatRuleName[];
  /** With `sales_cutoff`: online sales close this many minutes before departure. */
  salesCutoffMinutes: number;
  /** Unpaid seats one customer may hold at once (`MAX_HELD_SEATS`; always on). */
  maxHeldSeats: number;
  /** The most passengers in one group booking. */
  maxGroupSize: number;
}

/** Slow clients are cut off after these (ms): headers within 10 s, the whole request within 30 s. */
export const DEFAULT_HTTP_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000 } as const;

type Env = Record<string, string | undefined>;

/** The old opt-in form of the hold limit: still accepted in `SEAT_RULES`, where it changes nothing. */
const FORMER_HOLD_LIMIT_RULE = 'max_open_reservations';

/** `MAX_HELD_SEATS` (default 10); `MAX_OPEN_RESERVATIONS` is its former name and still read. */
function maxHeldSeats(
  env: Env,
  int: (name: string, fallback: number, min: number, max: number) => number,
  problems: string[],
): number {
  const current = int('MAX_HELD_SEATS', DEFAULT_MAX_HELD_SEATS, 1, 1_000_000);
  if (!env.MAX_OPEN_RESERVATIONS) return current;
  const former = int('MAX_OPEN_RESERVATIONS', DEFAULT_MAX_HELD_SEATS, 1, 1_000_000);
  if (!env.MAX_HELD_SEATS) return former;
  if (former !== current) {
    problems.push('MAX_OPEN_RESERVATIONS is the former name of MAX_HELD_SEATS; set only MAX_HELD_SEATS');
  }
  return current;
}

/** Reads and checks the environment; every problem is reported at once, named by its variable. */
export function parseConfig(env: Env): Result<ServerConfig, string[]> {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${env[name]}")`);
    return fallback;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      problems.push(`${name} must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL`);
      return undefined;
    }
  };

  const production = env.NODE_ENV === 'production';
  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32)
    problems.push('JWT_SECRET must have at least 32 characters');
  if (production && jwtSecret === undefined) {
    problems.push('JWT_SECRET is required when NODE_ENV=production (the server will not invent one)');
  }
  const logLevel = (env.LOG_LEVEL ?? 'info').trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(`CORS_ORIGINS holds "${origin}", which is not an origin like https://example.com`);
    }
  }
  if (production && corsOrigins.includes('*'))
    problems.push('CORS_ORIGINS may not be * when NODE_ENV=production');
  const currency = (env.CURRENCY ?? 'EUR').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    problems.push(`CURRENCY must be a three-letter ISO 4217 code (got "${env.CURRENCY}")`);

  const seatRules = (env.SEAT_RULES ?? '')
    .split(',')
    .map((rule) => rule.trim().toLowerCase())
    .filter((rule) => rule.length > 0);
  for (const rule of seatRules) {
    if (!(SEAT_RULES as readonly string[]).includes(rule) && rule !== FORMER_HOLD_LIMIT_RULE) {
      problems.push(`SEAT_RULES holds "${rule}"; the rules are ${SEAT_RULES.join(', ')}`);
    }
  }

  const config: ServerConfig = {
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: env.DATA_DIR?.trim() || './.data',
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret,
    holdSeconds: int('HOLD_SECONDS', 600, 1, 86_400),
    corsOrigins,
    wsRequireAuth: bool('WS_REQUIRE_AUTH', false),
    restRateLimit: {
      points: int('RATE_LIMIT_POINTS', 600, 1, 1_000_000),
      durationSeconds: int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
    },
    wsRateLimit: {
      perSecond: int('WS_RATE_LIMIT_PER_SECOND', 20, 1, 10_000),
      burst: int('WS_RATE_LIMIT_BURST', 40, 1, 100_000),
    },
    maxConnectionsPerIp: int('WS_MAX_CONNECTIONS_PER_IP', 1000, 1, 1_000_000),
    logLevel: logLevel as LogLevel,
    production,
    seedSampleRoute: bool('SEED_SAMPLE_ROUTE', !production),
    sweepIntervalMs: int('SWEEP_INTERVAL_MS', 1000, 50, 60_000),
    metricsToken: env.METRICS_TOKEN || undefined,
    currency,
    httpHeadersTimeoutMs: int('HTTP_HEADERS_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUTS.headersMs, 500, 600_000),
    httpRequestTimeoutMs: int('HTTP_REQUEST_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUTS.requestMs, 500, 3_600_000),
    seatRules: seatRules.filter((rule): rule is SeatRuleName =>
      (SEAT_RULES as readonly string[]).includes(rule),
    ),
    salesCutoffMinutes: int('SALES_CUTOFF_MINUTES', 30, 0, 10_080),
    maxHeldSeats: maxHeldSeats(env, int, problems),
    maxGroupSize: int('MAX_GROUP_SIZE', 6, 1, 100),
  };
  return problems.length > 0 ? err(problems) : ok(config);
}
