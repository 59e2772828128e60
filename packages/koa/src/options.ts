import type { TokenVerifier } from '@booking/auth';
import type { Logger, ScheduleService } from '@booking/core';
import type { Registry } from 'prom-client';

export interface RouteStats {
  connections: number;
  totalRoutes: number;
  routeDetails: { routeId: string; subscriberCount: number }[];
}

export interface RateLimitOptions {
  /** Requests allowed per client in each window. Default `DEFAULT_RATE_LIMIT.points`. */
  points?: number;
  /** The window, in seconds. Default `DEFAULT_RATE_LIMIT.durationSeconds`. */
  durationSeconds?: number;
  /**
   * A connected node-redis client: counts are shared by every process. Without it they are kept in
   * memory, per process. When Redis fails, a memory limiter stands in (requests keep flowing).
   */
  redis?: object;
  /** Prefix of the Redis keys. Default `booking:rest-rate`. */
  keyPrefix?: string;
}

export interface RestApiOptions {
  /** Checks bearer tokens (e.g. `createJwtAuth({ secret })` from @booking/auth). */
  auth: TokenVerifier;
  /**
   * Keys the fingerprints of `Idempotency-Key` requests (HMAC with a key derived from it; at least
   * 32 characters). Never stored; every process of one deployment needs the same one. The
   * reference server uses `JWT_SECRET`.
   */
  idempotencySecret: string;
  /**
   * Tokens that verified are remembered until their `exp`, up to this many (default
   * `DEFAULT_TOKEN_CACHE_SIZE`), so a client's repeated token is not checked again on every request.
   * 0 turns it off (a verifier that can revoke tokens before they expire needs that).
   */
  tokenCacheSize?: number;
  /** Whether storage is reachable, for `GET /health`. Default: a cheap read through the core. */
  checkHealth?: () => Promise<boolean>;
  /**
   * The AsyncAPI document of the Socket.IO API served beside this one, served at `GET /asyncapi.json`
   * (e.g. `buildAsyncApiDocument` of @booking/protocol, as the reference server does). Default: none.
   */
  asyncApiDocument?: () => object;
  /** Live connection counts for `GET /stats` (the Socket.IO adapter provides one). Default: zeros. */
  stats?: () => Promise<RouteStats>;
  /** Where the metrics go; pass yours to serve other gauges on the same `/metrics`. Default: a new one. */
  metricsRegistry?: Registry;
  /**
   * When set, `GET /metrics` needs `Authorization: Bearer <metricsToken>`. Without it, `/metrics` is
   * public outside production and not served at all (404) in production.
   */
  metricsToken?: string;
  /** Per-client limits (per user with a valid token, per IP without); `false` turns them off. */
  rateLimit?: RateLimitOptions | false;
  /** Origins allowed by CORS. Default: any origin outside production, none in production. */
  corsOrigins?: string[];
  /** Production: no allow-all CORS default, HSTS on, no `/metrics` without a `metricsToken`. */
  production?: boolean;
  /** Trust `X-Forwarded-*` headers (behind a proxy), so rate limits see the real client IP. */
  trustProxy?: boolean;
  logger?: Logger;
  /** Largest accepted JSON body in bytes (413 `payload_too_large` above). Default `DEFAULT_BODY_LIMIT`. */
  bodyLimit?: number;
  /** Timetables (`/schedules`): served only when given, since they need a time-zone calendar. */
  schedules?: ScheduleService;
}

/** Per client: far above what one person does by hand. */
export const DEFAULT_RATE_LIMIT = { points: 600, durationSeconds: 60 } as const;
/** No request of the API needs more. */
export const DEFAULT_BODY_LIMIT = 16 * 1024;
