import type { Logger } from '@booking/core';
import type { Middleware } from 'koa';
import { apiError, validationFailed, type ApiError } from './api-error';
import type { RestMetrics } from './metrics';
import { writeError } from './write-error';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The outermost middleware: times every request, gives unmatched paths and methods the error body,
 * and turns any exception into 500 `internal_error` (logged; clients never see internals).
 */
export function errorBoundary(metrics: RestMetrics, logger: Logger): Middleware {
  return async (ctx, next) => {
    const stopTimer = metrics.requestDuration.startTimer();
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null) {
        if (ctx.status === 405 || (ctx.status === 501 && ctx.response.get('Allow'))) {
          writeError(
            ctx,
            apiError('method_not_allowed', `${ctx.method} is not allowed here; see the Allow header.`),
            metrics,
          );
        } else if (ctx.status === 404 || ctx.status === 501) {
          writeError(ctx, apiError('not_found', `Nothing is served at ${ctx.method} ${ctx.path}.`), metrics);
        }
      }
    } catch (error) {
      const known = clientErrorOf(error);
      if (!known)
        logger.error(
          { err: error, method: ctx.method, path: ctx.path },
          'unexpected error in a REST request',
        );
      writeError(ctx, known ?? apiError('internal_error', 'Something went wrong on our side.'), metrics);
    } finally {
      const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      stopTimer({
        method: KNOWN_METHODS.has(ctx.method) ? ctx.method : 'OTHER',
        route: typeof route === 'string' ? route : 'unmatched',
        status: String(ctx.status),
      });
    }
  };
}

/** Errors that Koa and its helpers throw for bad requests (they carry a 4xx `status`). */
function clientErrorOf(error: unknown): ApiError | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (status === 413) return apiError('payload_too_large', 'The request is too large.');
  return validationFailed('The request is not valid.', []);
}
