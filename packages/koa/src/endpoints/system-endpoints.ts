import type { BookingServices } from '@booking/core';
import { timingSafeEqual } from 'node:crypto';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { apiError } from '../http/api-error';
import type { RestMetrics } from '../http/metrics';
import type { RouteStats } from '../options';
import { healthSchema, statsSchema } from '../schemas/system.schemas';
import { defineEndpoint, json, type Endpoint } from './endpoint';

export interface SystemDeps {
  services: BookingServices;
  metrics: RestMetrics;
  checkHealth?: () => Promise<boolean>;
  stats?: () => Promise<RouteStats>;
  metricsToken?: string;
  /** In production, `/metrics` is served only behind a `metricsToken`. */
  production: boolean;
  openApiDocument: () => object;
}

const NO_STATS: RouteStats = { connections: 0, totalRoutes: 0, routeDetails: [] };
const NIL_ID = '00000000-0000-0000-0000-000000000000';

/** Healthy when storage answers: a lookup of a route that does not exist is the cheapest question. */
export function storageHealthCheck(services: BookingServices): () => Promise<boolean> {
  return async () => {
    const found = await services.routes.get(NIL_ID);
    return found.isOk() || found.error.kind === 'route_not_found';
  };
}

export function systemEndpoints(deps: SystemDeps): Endpoint[] {
  const checkHealth = deps.checkHealth ?? storageHealthCheck(deps.services);
  // Metrics tell outsiders the traffic, the error rates and the routes in use: a production server
  // without a scrape token does not serve them at all (404), rather than to everyone.
  const serveMetrics = !deps.production || deps.metricsToken !== undefined;
  return [
    defineEndpoint({
      method: 'GET',
      path: '/health',
      operationId: 'health',
      summary: 'Whether the server can reach its database (503 when not).',
      access: 'public',
      success: { status: 200, description: 'Healthy.', schema: healthSchema },
      errors: ['service_unavailable'],
      handle: () =>
        ResultAsync.fromSafePromise(checkHealth().catch(() => false)).andThen((healthy) =>
          healthy
            ? okAsync(json(200, { status: 'ok' }))
            : errAsync(apiError('service_unavailable', 'The database cannot be reached.')),
        ),
    }),
    ...(serveMetrics ? [metricsEndpoint(deps)] : []),
    defineEndpoint({
      method: 'GET',
      path: '/stats',
      operationId: 'stats',
      summary: 'Live Socket.IO connections and subscribers per route (admin).',
      access: ['admin'],
      success: { status: 200, description: 'Connection counts.', schema: statsSchema },
      errors: [],
      handle: () =>
        ResultAsync.fromSafePromise(deps.stats ? deps.stats() : Promise.resolve(NO_STATS)).map((stats) =>
          json(200, stats),
        ),
    }),
    defineEndpoint({
      method: 'GET',
      path: '/openapi.json',
      operationId: 'openApi',
      summary: 'This API as an OpenAPI 3.1 document.',
      access: 'public',
      success: { status: 200, description: 'The OpenAPI document.' },
      errors: [],
      handle: () => okAsync(json(200, deps.openApiDocument())),
    }),
  ];
}

function metricsEndpoint(deps: SystemDeps): Endpoint {
  return defineEndpoint({
    method: 'GET',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics (needs Authorization: Bearer <metricsToken> when one is configured).',
    access: 'public',
    success: { status: 200, description: 'Prometheus text format.', contentType: 'text/plain' },
    errors: ['unauthorized'],
    handle: ({ authorization }) => {
      if (deps.metricsToken !== undefined && !sameSecret(authorization, `Bearer ${deps.metricsToken}`)) {
        return errAsync(apiError('unauthorized', 'Metrics need Authorization: Bearer <metrics token>.'));
      }
      return ResultAsync.fromSafePromise(deps.metrics.registry.metrics()).map((text) => ({
        status: 200,
        body: text,
        contentType: deps.metrics.registry.contentType,
      }));
    },
  });
}

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
