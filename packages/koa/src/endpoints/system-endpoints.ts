import type { BookingServices } from '@booking/core';
import { systemOperations } from '@booking/protocol';
import { timingSafeEqual } from 'node:crypto';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { apiError } from '../http/api-error';
import type { RestMetrics } from '../http/metrics';
import type { RouteStats } from '../options';
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
  /** The AsyncAPI document served beside this API, if any. */
  asyncApiDocument?: () => object;
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
  const asyncApiDocument = deps.asyncApiDocument;
  return [
    defineEndpoint(systemOperations.health, () =>
      ResultAsync.fromSafePromise(checkHealth().catch(() => false)).andThen((healthy) =>
        healthy
          ? okAsync(json(200, { status: 'ok' }))
          : errAsync(apiError('service_unavailable', 'The database cannot be reached.')),
      ),
    ),
    ...(serveMetrics ? [metricsEndpoint(deps)] : []),
    defineEndpoint(systemOperations.stats, () =>
      ResultAsync.fromSafePromise(deps.stats ? deps.stats() : Promise.resolve(NO_STATS)).map((stats) =>
        json(200, stats),
      ),
    ),
    defineEndpoint(systemOperations.openApi, () => okAsync(json(200, deps.openApiDocument()))),
    ...(asyncApiDocument
      ? [defineEndpoint(systemOperations.asyncApi, () => okAsync(json(200, asyncApiDocument())))]
      : []),
  ];
}

function metricsEndpoint(deps: SystemDeps): Endpoint {
  return defineEndpoint(systemOperations.metrics, ({ authorization }) => {
    if (deps.metricsToken !== undefined && !sameSecret(authorization, `Bearer ${deps.metricsToken}`)) {
      return errAsync(apiError('unauthorized', 'Metrics need Authorization: Bearer <metrics token>.'));
    }
    return ResultAsync.fromSafePromise(deps.metrics.registry.metrics()).map((text) => ({
      status: 200,
      body: text,
      contentType: deps.metrics.registry.contentType,
    }));
  });
}

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
