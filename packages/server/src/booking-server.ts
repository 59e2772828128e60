import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJwtAuth } from '@booking/auth';
import {
  ScheduleService,
  startBackgroundJobs,
  type BackgroundJobs,
  type BookingServices,
  type Clock,
  type IdGenerator,
  type RouteRepository,
} from '@booking/core';
import { createRestMiddleware } from '@booking/koa';
import { buildAsyncApiDocument } from '@booking/protocol';
import { openStorage, type MikroOrmStorage } from '@booking/mikro-orm';
import { luxonTimeZoneCalendar } from '@booking/time-zones';
import {
  attachSeatGateway,
  closeSeatsServer,
  createSeatsServer,
  InMemorySeatEventBus,
  type SeatGateway,
} from '@booking/socketio';
import Koa from 'koa';
import type { Logger as PinoLogger } from 'pino';
import { Gauge, Registry } from 'prom-client';
import { DEFAULT_HTTP_TIMEOUTS, type ServerConfig } from './config';
import { createContainer } from './container';
import { developmentTokens } from './dev-tokens';
import { loadTicketSigner } from './eticket-keys';
import { closeConnectionsGently } from './lingering-close';
import { connectRedis, type RedisConnections } from './redis-connections';
import { seedSampleRoute } from './sample-route';
import { requestLog } from './request-log';
import { seatMapPage } from './seat-map-page';
import { answerStrayRequests } from './stray-requests';
import { TOKENS } from './tokens';

export interface RunningServer {
  url: string;
  services: BookingServices;
  storage: MikroOrmStorage;
  gateway: SeatGateway;
  http: HttpServer;
  /** Stops accepting, lets requests in flight finish, closes sockets, Redis and the database. */
  close(): Promise<void>;
}

/** Starts the whole reference server; `jwtSecret` must be set (main.ts makes one in development). */
export async function startBookingServer(
  config: ServerConfig & { jwtSecret: string },
  logger: PinoLogger,
  options: { pageDir?: string; printTokens?: boolean } = {},
): Promise<RunningServer> {
  const auth = createJwtAuth({ secret: config.jwtSecret });
  // Before the database opens: a missing or broken key stops the start with nothing to close.
  const ticketSigner = await loadTicketSigner(config);
  const storage = await openStorage(
    config.databaseUrl ? { url: config.databaseUrl } : { embedded: { dataDir: config.dataDir } },
    { logger },
  );
  let redis: RedisConnections | undefined;
  try {
    redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  } catch (error) {
    await storage.close();
    throw error;
  }
  const bus = redis?.bus ?? new InMemorySeatEventBus();
  const container = createContainer({ config, logger, auth, storage, bus, ticketSigner });
  const services = container.get<BookingServices>(TOKENS.BookingServices);

  // Node's defaults let a slow client hold a connection for a minute or more (and check only every
  // 30 s): a few hundred slowloris sockets would starve everyone else.
  const requestTimeout = config.httpRequestTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.requestMs;
  const headersTimeout = Math.min(
    config.httpHeadersTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.headersMs,
    requestTimeout,
  );
  const registry = new Registry();
  const rest = createRestMiddleware(services, {
    auth,
    // The JWT secret is already shared by every process and never stored; HKDF derives a separate key.
    idempotencySecret: config.jwtSecret,
    checkHealth: () => storage.isHealthy(),
    // The Socket.IO namespace this server attaches below, described beside the REST API.
    asyncApiDocument: () => buildAsyncApiDocument(),
    // Called per request; the gateway exists before the server listens.
    stats: () => gateway.stats(),
    metricsRegistry: registry,
    metricsToken: config.metricsToken,
    rateLimit: { ...config.restRateLimit, ...(redis ? { redis: redis.commands } : {}) },
    corsOrigins: config.corsOrigins.length > 0 ? config.corsOrigins : undefined,
    production: config.production,
    logger,
    // Timetables read local times in IANA time zones through luxon.
    schedules: new ScheduleService({
      ...storage,
      // The services' routes, with their cache: a deleted departure is forgotten at once.
      routes: container.get<RouteRepository>(TOKENS.RouteRepository),
      clock: container.get<Clock>(TOKENS.Clock),
      ids: container.get<IdGenerator>(TOKENS.IdGenerator),
      timeZones: luxonTimeZoneCalendar,
    }),
  });
  const app = new Koa();
  app.proxy = false;
  const demoTokens = !config.production && options.printTokens ? await developmentTokens(auth) : undefined;
  app.use(requestLog(logger));
  app.use(
    seatMapPage({
      pageDir: options.pageDir,
      demoCustomerToken: demoTokens?.customer,
      production: config.production,
    }),
  );
  app.use(rest.middleware);

  // The app is the server's request listener before Socket.IO attaches: engine.io then answers
  // /socket.io/ alone. A listener added afterwards would answer those requests a second time.
  const http = createServer(
    { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(1_000, headersTimeout) },
    app.callback(),
  );
  const io = createSeatsServer(http, {
    ...(redis ? { redis: { publisher: redis.adapterPublisher, subscriber: redis.adapterSubscriber } } : {}),
    ...(config.corsOrigins.length > 0 || !config.production
      ? { server: { cors: { origin: config.corsOrigins.length > 0 ? config.corsOrigins : true } } }
      : {}),
  });
  answerStrayRequests(http, io.path());
  // An answer given before the request body was read must not be lost to a reset when Node closes.
  closeConnectionsGently(http);
  const gateway = attachSeatGateway(io, {
    services,
    events: storage.events,
    auth,
    requireAuth: config.wsRequireAuth,
    bus,
    rateLimit: config.wsRateLimit,
    maxConnectionsPerIp: config.maxConnectionsPerIp,
    logger,
  });
  registerGatewayGauges(registry, gateway);

  if (config.seedSampleRoute) await seedSampleRoute(services, logger);
  const jobs: BackgroundJobs = startBackgroundJobs(services, { intervalMs: config.sweepIntervalMs, logger });
  // Before clients arrive: relay what a crash left unpublished, and settle the payments and refunds
  // it left open (reconciliation is part of every round).
  await jobs.runOnce();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host}:${address.port}`;
  logger.info(
    { url, database: config.databaseUrl ? 'postgresql' : 'embedded', redis: Boolean(redis) },
    'booking server listening',
  );
  if (config.production && config.metricsToken === undefined) {
    logger.warn({}, 'METRICS_TOKEN is not set: /metrics is not served (404) in production');
  }
  if (demoTokens) printDevelopmentTokens(url, demoTokens);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await closeSeatsServer({ http, io, gateway }, () => jobs.stop());
      await redis?.close();
      await storage.close();
    })());
  return { url, services, storage, gateway, http, close };
}

function registerGatewayGauges(registry: Registry, gateway: SeatGateway): void {
  new Gauge({
    name: 'booking_ws_connections',
    help: 'Open /seats sockets on this process',
    registers: [registry],
    collect() {
      this.set(gateway.localStats().connections);
    },
  });
  new Gauge({
    name: 'booking_ws_routes_watched',
    help: 'Routes with at least one subscriber on this process',
    registers: [registry],
    collect() {
      this.set(gateway.localStats().totalRoutes);
    },
  });
}

function printDevelopmentTokens(url: string, tokens: Record<string, string>): void {
  const lines = [
    '',
    `  booking is running at ${url}  (seat map: ${url}/)`,
    '  Development tokens (random secret, valid 7 days; set JWT_SECRET to use your own):',
    ...Object.entries(tokens).map(([role, token]) => `    ${role.padEnd(8)} ${token}`),
    `  Try: curl -H "Authorization: Bearer <admin token>" ${url}/stats`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
