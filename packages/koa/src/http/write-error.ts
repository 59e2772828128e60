import type { Context } from 'koa';
import type { ApiError } from './api-error';
import type { RestMetrics } from './metrics';

/** Writes the contract's error body and counts it. */
export function writeError(ctx: Context, error: ApiError, metrics: RestMetrics): void {
  ctx.status = error.status;
  ctx.body = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
  metrics.errors.inc({ code: error.code });
}
