import { randomUUID } from 'node:crypto';
import type { Logger } from '@booking/core';
import type { Middleware } from 'koa';

const VALID_ID = /^[\w.-]{1,100}$/;

/**
 * Gives every HTTP request an id (the caller's `X-Request-Id` when it looks sane, else a new UUID),
 * returns it in the response header, and logs one line per request when it is answered.
 * Paths are logged without their query string; bodies and headers are never logged.
 */
export function requestLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const given = ctx.get('x-request-id');
    const requestId = VALID_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const fields = {
        requestId,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ms: Math.round(ms * 10) / 10,
      };
      if (ctx.status >= 500) logger.error(fields, 'request failed');
      else logger.info(fields, 'request');
    }
  };
}
