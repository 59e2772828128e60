import { silentLogger, type BookingServices } from '@booking/core';
import { buildOpenApiDocument } from '@booking/protocol';
import Router from '@koa/router';
import Koa, { type Middleware } from 'koa';
import { boardingEndpoints } from './endpoints/boarding-endpoints';
import type { Endpoint } from './endpoints/endpoint';
import { holdEndpoints } from './endpoints/hold-endpoints';
import { manifestEndpoints } from './endpoints/manifest-endpoints';
import { mountEndpoint } from './endpoints/mount-endpoint';
import { paymentEndpoints } from './endpoints/payment-endpoints';
import { reportEndpoints } from './endpoints/report-endpoints';
import { routeEndpoints } from './endpoints/route-endpoints';
import { scheduleEndpoints } from './endpoints/schedule-endpoints';
import { systemEndpoints } from './endpoints/system-endpoints';
import { ticketChangeEndpoints } from './endpoints/ticket-change-endpoints';
import { ticketEndpoints } from './endpoints/ticket-endpoints';
import { chain } from './http/chain';
import { corsFor } from './http/cors';
import { errorBoundary } from './http/error-boundary';
import { keyedFingerprint } from './http/idempotency-key';
import { RestMetrics } from './http/metrics';
import { createLimiter, rateLimit } from './http/rate-limit';
import { jsonBodyReader } from './http/read-json-body';
import { authenticate } from './http/request-auth';
import { cachingVerifier, DEFAULT_TOKEN_CACHE_SIZE } from './http/verified-token-cache';
import { securityHeaders } from './http/security-headers';
import { DEFAULT_BODY_LIMIT, type RestApiOptions } from './options';

export interface RestApi {
  /** Everything in order (errors, headers, CORS, auth, rate limits, routes): `app.use(api.middleware)`. */
  middleware: Middleware;
  /** The router alone, for hosts that bring their own error handling and limits. */
  router: Router;
  endpoints: readonly Endpoint[];
  metrics: RestMetrics;
  openApiDocument: () => object;
}

/**
 * The contract's REST API over the booking services. Put your own middleware (static files, a demo
 * page) before `middleware`: every request that reaches it is answered by it (404 `not_found` included).
 */
export function createRestMiddleware(services: BookingServices, options: RestApiOptions): RestApi {
  const logger = options.logger ?? silentLogger;
  const metrics = new RestMetrics(options.metricsRegistry);
  const production = options.production ?? false;
  let document: object | undefined;
  const openApiDocument = () => (document ??= buildOpenApiDocument(endpoints));
  let asyncApi: object | undefined;
  const buildAsyncApi = options.asyncApiDocument;
  const endpoints: Endpoint[] = [
    ...routeEndpoints(services),
    ...(options.schedules ? scheduleEndpoints(options.schedules) : []),
    ...holdEndpoints(services),
    ...ticketEndpoints(services, metrics),
    ...ticketChangeEndpoints(services),
    ...paymentEndpoints(services, metrics),
    ...reportEndpoints(services),
    ...(services.boarding.offered ? boardingEndpoints(services) : []),
    ...manifestEndpoints(services),
    ...systemEndpoints({
      services,
      metrics,
      checkHealth: options.checkHealth,
      stats: options.stats,
      metricsToken: options.metricsToken,
      production,
      openApiDocument,
      ...(buildAsyncApi ? { asyncApiDocument: () => (asyncApi ??= buildAsyncApi()) } : {}),
    }),
  ];
  const router = new Router();
  const deps = {
    readBody: jsonBodyReader(options.bodyLimit ?? DEFAULT_BODY_LIMIT),
    metrics,
    logger,
    fingerprint: keyedFingerprint(options.idempotencySecret),
  };
  for (const endpoint of endpoints) mountEndpoint(router, endpoint, deps);

  const middleware = chain([
    errorBoundary(metrics, logger),
    securityHeaders(production),
    corsFor(options.corsOrigins, production),
    authenticate(
      options.tokenCacheSize === 0
        ? options.auth
        : cachingVerifier(options.auth, options.tokenCacheSize ?? DEFAULT_TOKEN_CACHE_SIZE),
    ),
    ...(options.rateLimit === false
      ? []
      : [rateLimit(createLimiter(options.rateLimit ?? {}), metrics, logger)]),
    // The router's middleware expects its own context additions, which it adds itself.
    router.routes() as Middleware,
    router.allowedMethods() as Middleware,
  ]);
  return { middleware, router, endpoints, metrics, openApiDocument };
}

/** A Koa app serving only the REST API: `app.listen(3000)` or `http.createServer(app.callback())`. */
export function createRestApi(services: BookingServices, options: RestApiOptions): Koa {
  const app = new Koa({ proxy: options.trustProxy ?? false });
  app.use(createRestMiddleware(services, options).middleware);
  return app;
}
