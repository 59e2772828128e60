import {
  DEFAULT_CANCELLATION_POLICY,
  DEFAULT_CURRENCY,
  DEFAULT_FREE_CANCEL_AFTER_DELAY_MINUTES,
  DEFAULT_HOLD_SECONDS,
  DEFAULT_MAX_GROUP_SIZE,
  DEFAULT_MAX_HELD_SEATS,
  DEFAULT_PAYMENT_LOCK_SECONDS,
  DEFAULT_SALES_CUTOFF_MINUTES,
  DEFAULT_SEAT_HOLD_SECONDS,
  DEFAULT_SWEEP_INTERVAL_MS,
  parseCancellationPolicy,
  SEAT_RULES,
  type CancellationPolicy,
  type SeatRuleName,
} from '@booking/core';
import { DEFAULT_RATE_LIMIT as DEFAULT_REST_RATE_LIMIT } from '@booking/koa';
import { SEAT_GATEWAY_DEFAULTS } from '@booking/socketio';
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
  /**
   * The e-tickets' Ed25519 signing key (PKCS8 PEM or a private JWK). Unset outside production: one is
   * made and kept in `dataDir` (see `loadTicketSigner`).
   */
  eticketPrivateKey?: string;
  /** Older public keys (JWKs, JSON) whose codes are still accepted while keys rotate. */
  eticketPublicKeys?: string;
  holdSeconds: number;
  /** How long a seat hold (`POST /holds`) keeps its seats before passengers are named. */
  seatHoldSeconds: number;
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
  /** The fee a cancellation keeps of a paid ticket, by hours before departure (`CANCELLATION_POLICY`). */
  cancellationPolicy: CancellationPolicy;
  /**
   * The payment lock's lease: a payment's claim on its tickets lasts at most this long, and
   * reconciliation settles attempts left pending longer than this.
   */
  paymentLockSeconds: number;
  /** A passenger whose departure moved by more than this many minutes cancels without a fee. */
  freeCancelAfterDelayMinutes: number;
  /** Test-only: the sandbox gateway answers every charge and refund this late (0: at once). */
  sandboxGatewayDelayMs: number;
}

/** Slow clients are cut off after these (ms): the headers, then the whole request. */
export const DEFAULT_HTTP_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000 } as const;

/**
 * The value of each variable that is unset, taken from the package whose behaviour it sets (the
 * server's own settings are written here). README's configuration table is checked against it.
 */
export const ENV_DEFAULTS = {
  PORT: 3000,
  HOST: '0.0.0.0',
  DATA_DIR: './.data',
  HOLD_SECONDS: DEFAULT_HOLD_SECONDS,
  SEAT_HOLD_SECONDS: DEFAULT_SEAT_HOLD_SECONDS,
  WS_REQUIRE_AUTH: SEAT_GATEWAY_DEFAULTS.requireAuth,
  RATE_LIMIT_POINTS: DEFAULT_REST_RATE_LIMIT.points,
  RATE_LIMIT_WINDOW_SECONDS: DEFAULT_REST_RATE_LIMIT.durationSeconds,
  WS_RATE_LIMIT_PER_SECOND: SEAT_GATEWAY_DEFAULTS.rateLimit.perSecond,
  WS_RATE_LIMIT_BURST: SEAT_GATEWAY_DEFAULTS.rateLimit.burst,
  WS_MAX_CONNECTIONS_PER_IP: SEAT_GATEWAY_DEFAULTS.maxConnectionsPerIp,
  HTTP_HEADERS_TIMEOUT_MS: DEFAULT_HTTP_TIMEOUTS.headersMs,
  HTTP_REQUEST_TIMEOUT_MS: DEFAULT_HTTP_TIMEOUTS.requestMs,
  SWEEP_INTERVAL_MS: DEFAULT_SWEEP_INTERVAL_MS,
  CURRENCY: DEFAULT_CURRENCY,
  MAX_GROUP_SIZE: DEFAULT_MAX_GROUP_SIZE,
  SALES_CUTOFF_MINUTES: DEFAULT_SALES_CUTOFF_MINUTES,
  MAX_HELD_SEATS: DEFAULT_MAX_HELD_SEATS,
  PAYMENT_LOCK_SECONDS: DEFAULT_PAYMENT_LOCK_SECONDS,
  SANDBOX_GATEWAY_DELAY_MS: 0,
  LOG_LEVEL: 'info',
  CANCELLATION_POLICY: DEFAULT_CANCELLATION_POLICY,
  FREE_CANCEL_AFTER_DELAY_MINUTES: DEFAULT_FREE_CANCEL_AFTER_DELAY_MINUTES,
} as const satisfies Record<string, number | string | boolean>;

/** Defaults that differ between development and production (`NODE_ENV=production`). */
export const ENV_DEFAULTS_BY_MODE = {
  SEED_SAMPLE_ROUTE: { development: true, production: false },
} as const;

type NumberSetting = {
  [Name in keyof typeof ENV_DEFAULTS]: (typeof ENV_DEFAULTS)[Name] extends number ? Name : never;
}[keyof typeof ENV_DEFAULTS];

type Env = Record<string, string | undefined>;

/** The old opt-in form of the hold limit: still accepted in `SEAT_RULES`, where it changes nothing. */
const FORMER_HOLD_LIMIT_RULE = 'max_open_reservations';

/** `MAX_HELD_SEATS`; `MAX_OPEN_RESERVATIONS` is its former name and still read. */
function maxHeldSeats(
  env: Env,
  int: (setting: NumberSetting, min: number, max: number, name?: string) => number,
  problems: string[],
): number {
  const current = int('MAX_HELD_SEATS', 1, 1_000_000);
  if (!env.MAX_OPEN_RESERVATIONS) return current;
  const former = int('MAX_HELD_SEATS', 1, 1_000_000, 'MAX_OPEN_RESERVATIONS');
  if (!env.MAX_HELD_SEATS) return former;
  if (former !== current) {
    problems.push('MAX_OPEN_RESERVATIONS is the former name of MAX_HELD_SEATS; set only MAX_HELD_SEATS');
  }
  return current;
}

/** Reads and checks the environment; every problem is reported at once, named by its variable. */
export function parseConfig(env: Env): Result<ServerConfig, string[]> {
  const problems: string[] = [];
  /** Variable `name` (the setting's own unless told) as a whole number, else the setting's default. */
  const int = (setting: NumberSetting, min: number, max: number, name: string = setting): number => {
    const fallback = ENV_DEFAULTS[setting];
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
  const eticketPrivateKey = env.ETICKET_PRIVATE_KEY?.trim() || undefined;
  if (production && eticketPrivateKey === undefined) {
    problems.push(
      'ETICKET_PRIVATE_KEY is required when NODE_ENV=production (e-tickets are signed with it; the server will not invent one)',
    );
  }
  const eticketPublicKeys = env.ETICKET_PUBLIC_KEYS?.trim() || undefined;
  const logLevel = (env.LOG_LEVEL ?? ENV_DEFAULTS.LOG_LEVEL).trim().toLowerCase();
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
  const currency = (env.CURRENCY ?? ENV_DEFAULTS.CURRENCY).trim().toUpperCase();
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

  const cancellationPolicy = parseCancellationPolicy(
    env.CANCELLATION_POLICY?.trim() || ENV_DEFAULTS.CANCELLATION_POLICY,
  ).match(
    (policy) => policy,
    (problem) => {
      problems.push(
        `CANCELLATION_POLICY must be tiers like ${ENV_DEFAULTS.CANCELLATION_POLICY} (hours before departure, then the fee in percent): ${problem} (got "${env.CANCELLATION_POLICY}")`,
      );
      return [];
    },
  );

  const config: ServerConfig = {
    port: int('PORT', 0, 65535),
    host: env.HOST?.trim() || ENV_DEFAULTS.HOST,
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: env.DATA_DIR?.trim() || ENV_DEFAULTS.DATA_DIR,
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret,
    eticketPrivateKey,
    eticketPublicKeys,
    holdSeconds: int('HOLD_SECONDS', 1, 86_400),
    seatHoldSeconds: int('SEAT_HOLD_SECONDS', 1, 3_600),
    corsOrigins,
    wsRequireAuth: bool('WS_REQUIRE_AUTH', ENV_DEFAULTS.WS_REQUIRE_AUTH),
    restRateLimit: {
      points: int('RATE_LIMIT_POINTS', 1, 1_000_000),
      durationSeconds: int('RATE_LIMIT_WINDOW_SECONDS', 1, 3600),
    },
    wsRateLimit: {
      perSecond: int('WS_RATE_LIMIT_PER_SECOND', 1, 10_000),
      burst: int('WS_RATE_LIMIT_BURST', 1, 100_000),
    },
    maxConnectionsPerIp: int('WS_MAX_CONNECTIONS_PER_IP', 1, 1_000_000),
    logLevel: logLevel as LogLevel,
    production,
    seedSampleRoute: bool(
      'SEED_SAMPLE_ROUTE',
      ENV_DEFAULTS_BY_MODE.SEED_SAMPLE_ROUTE[production ? 'production' : 'development'],
    ),
    sweepIntervalMs: int('SWEEP_INTERVAL_MS', 50, 60_000),
    metricsToken: env.METRICS_TOKEN || undefined,
    currency,
    httpHeadersTimeoutMs: int('HTTP_HEADERS_TIMEOUT_MS', 500, 600_000),
    httpRequestTimeoutMs: int('HTTP_REQUEST_TIMEOUT_MS', 500, 3_600_000),
    seatRules: seatRules.filter((rule): rule is SeatRuleName =>
      (SEAT_RULES as readonly string[]).includes(rule),
    ),
    salesCutoffMinutes: int('SALES_CUTOFF_MINUTES', 0, 10_080),
    maxHeldSeats: maxHeldSeats(env, int, problems),
    maxGroupSize: int('MAX_GROUP_SIZE', 1, 100),
    cancellationPolicy,
    paymentLockSeconds: int('PAYMENT_LOCK_SECONDS', 1, 86_400),
    freeCancelAfterDelayMinutes: int('FREE_CANCEL_AFTER_DELAY_MINUTES', 0, 10_080),
    sandboxGatewayDelayMs: int('SANDBOX_GATEWAY_DELAY_MS', 0, 60_000),
  };
  return problems.length > 0 ? err(problems) : ok(config);
}
