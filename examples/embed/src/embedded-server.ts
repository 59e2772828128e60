/**
 * What a team starts from: the booking core on its own `node:http` server, with storage (embedded or
 * PostgreSQL), the REST API, the live seat map over Socket.IO, the background jobs, a payment gateway,
 * tokens signed with the team's own secret, and a clean shutdown. docs/embedding.md quotes the
 * `#region`s below; a test keeps the page equal to them.
 */
// #region imports
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJwtAuth, type JwtAuth } from '@booking/auth';
import {
  createBookingServices,
  cryptoIdGenerator,
  startBackgroundJobs,
  systemClock,
  type BookingServices,
} from '@booking/core';
import { createRestMiddleware } from '@booking/koa';
import { openStorage } from '@booking/mikro-orm';
import { SandboxPaymentGateway } from '@booking/payments-sandbox';
import {
  attachSeatGateway,
  BusSeatNotifier,
  closeSeatsServer,
  createSeatsServer,
  InMemorySeatEventBus,
  type SeatEventBus,
} from '@booking/socketio';
import Koa from 'koa';
// #endregion imports

export interface EmbedConfig {
  /** A PostgreSQL URL; without one, an embedded database keeps its files in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Your secret: the tokens your login service issues are signed with it. */
  jwtSecret: string;
  port?: number;
  /** How long an unpaid hold keeps its seat; default ten minutes. */
  holdSeconds?: number;
  /** How often expired holds are released (ms); default one second. */
  jobIntervalMs?: number;
}

export interface EmbeddedServer {
  url: string;
  services: BookingServices;
  auth: JwtAuth;
  /** Every committed seat change, for the host to listen to. */
  bus: SeatEventBus;
  close(): Promise<void>;
}

export async function startEmbeddedServer(config: EmbedConfig): Promise<EmbeddedServer> {
  // #region storage
  const storage = await openStorage(
    config.databaseUrl ? { url: config.databaseUrl } : { embedded: { dataDir: config.dataDir } },
  );
  // #endregion storage

  // #region services
  const bus = new InMemorySeatEventBus();
  const services = createBookingServices(
    {
      ...storage, // routes, tickets, holds, events, payments, idempotency, unitOfWork, paymentLocks
      notifier: new BusSeatNotifier(bus),
      // Your provider's gateway goes here (the PaymentGateway port); the sandbox moves no money.
      paymentGateway: new SandboxPaymentGateway(),
      clock: systemClock,
      ids: cryptoIdGenerator,
    },
    { holdSeconds: config.holdSeconds ?? 600, currency: 'EUR' },
  );
  // #endregion services

  // #region http
  const auth = createJwtAuth({ secret: config.jwtSecret });
  const app = new Koa();
  const rest = createRestMiddleware(services, {
    auth,
    idempotencySecret: config.jwtSecret,
    checkHealth: () => storage.isHealthy(),
  });
  app.use(rest.middleware);
  // Koa must be the request listener before Socket.IO attaches: engine.io then answers /socket.io/ alone.
  const http = createServer(app.callback());
  const io = createSeatsServer(http);
  const gateway = attachSeatGateway(io, { services, events: storage.events, auth, bus });
  // #endregion http

  // #region jobs
  const jobs = startBackgroundJobs(services, { intervalMs: config.jobIntervalMs });
  await jobs.runOnce(); // relay what a crash left unpublished before clients connect
  // #endregion jobs

  await new Promise<void>((resolve, reject) => http.once('error', reject).listen(config.port ?? 0, resolve));
  const url = `http://localhost:${(http.address() as AddressInfo).port}`;

  // #region shutdown
  const close = async () => {
    // Stop accepting, disconnect the sockets, stop the jobs, let requests in flight finish.
    await closeSeatsServer({ http, io, gateway }, () => jobs.stop());
    await storage.close();
  };
  // #endregion shutdown
  return { url, services, auth, bus, close };
}
