import type { Logger } from '@booking/core';
import type { Middleware } from 'koa';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from '../options';
import { apiError } from './api-error';
import type { RestMetrics } from './metrics';
import { requestAuth } from './request-auth';
import { writeError } from './write-error';

/** Paths that monitoring polls: never limited, so a scrape cannot lock anyone out (or itself). */
const UNLIMITED_PATHS = new Set(['/health', '/metrics']);

export function createLimiter(options: RateLimitOptions): RateLimiterAbstract {
  const points = options.points ?? DEFAULT_RATE_LIMIT.points;
  const duration = options.durationSeconds ?? DEFAULT_RATE_LIMIT.durationSeconds;
  const memory = new RateLimiterMemory({ points, duration });
  if (!options.redis) return memory;
  return new RateLimiterRedis({
    storeClient: options.redis,
    useRedisPackage: true,
    keyPrefix: options.keyPrefix ?? 'booking:rest-rate',
    points,
    duration,
    // Redis down: count in memory for a while rather than refuse or stop limiting.
    insuranceLimiter: memory,
  });
}

/** Counts requests per user (valid token) or per IP (no token), answering 429 `rate_limited`. */
export function rateLimit(limiter: RateLimiterAbstract, metrics: RestMetrics, logger: Logger): Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'OPTIONS' || UNLIMITED_PATHS.has(ctx.path)) return next();
    const actor = requestAuth(ctx).actor;
    const key = actor ? `user:${actor.userId}` : `ip:${ctx.ip}`;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        // The store failed and no insurance answered: let the request through, say so in the logs.
        logger.warn({ error: String(rejection) }, 'rate limiter unavailable');
        return next();
      }
      ctx.set('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
      writeError(ctx, apiError('rate_limited', 'Too many requests; wait for Retry-After seconds.'), metrics);
      return;
    }
    await next();
  };
}
