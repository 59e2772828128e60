import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJwtAuth, type JwtAuth } from '@booking/auth';
import {
  createBookingServices,
  routeUpdateDraft,
  type Actor,
  type BookingConfig,
  type BookingServices,
  type Route,
  type RouteUpdateEvent,
  type SeatEventLog,
} from '@booking/core';
import {
  createInMemoryPorts,
  unique,
  type InMemoryDatabaseOptions,
  type InMemoryPorts,
} from '@booking/core/testing';
import type { Server, ServerOptions } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { BusSeatNotifier } from '../bus-notifier';
import { InMemorySeatEventBus } from '../bus/in-memory-seat-event-bus';
import type { SeatEventBus } from '../bus/seat-event-bus';
import { attachSeatGateway, type SeatGateway, type SeatGatewayOptions } from '../gateway';
import { SEATS_NAMESPACE } from '../protocol';
import type { RoomWrites } from '../room-write-path';
import { createSeatsServer, type RedisAdapterClients } from '../seats-server';
import { SeatClientRecorder } from './seat-client-recorder';

/** The transports a test client may use; 'default' is socket.io-client's own (long-polling, then the upgrade). */
type Transports = ('websocket' | 'polling')[] | 'default';

export const TEST_SECRET = 'socketio-test-secret-0123456789-abcdef';
export const admin: Actor = { userId: 'admin-1', role: 'admin' };
export const customer = (userId = unique('customer')): Actor => ({ userId, role: 'customer' });

export interface SeatTestServerOptions {
  /** Share another node's storage (several processes over one database). */
  ports?: InMemoryPorts;
  database?: InMemoryDatabaseOptions;
  bus?: SeatEventBus;
  redis?: RedisAdapterClients;
  /** Socket.IO server options on top of the gateway's. */
  io?: Partial<ServerOptions>;
  /** Wrap the log the gateway reads (to pause replays in tests). */
  wrapLog?: (log: SeatEventLog) => SeatEventLog;
  gateway?: Partial<SeatGatewayOptions>;
  /** The core's settings (e.g. seat policies). */
  booking?: Partial<BookingConfig>;
}

const ROOM_WRITES: readonly RoomWrites[] = ['auto', 'joined', 'public'];

/**
 * The room write path of the gateways under test: `SEATS_ROOM_WRITES` (jest's second project sets
 * `public`, so the delivery suites run on both paths), else the gateway's default.
 */
function roomWritesUnderTest(): RoomWrites {
  const chosen = process.env.SEATS_ROOM_WRITES ?? 'auto';
  const known = ROOM_WRITES.find((mode) => mode === chosen);
  if (!known) throw new Error(`SEATS_ROOM_WRITES must be one of ${ROOM_WRITES.join(', ')}`);
  return known;
}

/** A whole node: in-memory core, HTTP server on an ephemeral port, Socket.IO and the seat gateway. */
export class SeatTestServer {
  private readonly clients = new Set<ClientSocket>();

  private constructor(
    readonly ports: InMemoryPorts,
    readonly services: BookingServices,
    readonly io: Server,
    readonly gateway: SeatGateway,
    readonly auth: JwtAuth,
    private readonly http: HttpServer,
    readonly url: string,
  ) {}

  static async start(options: SeatTestServerOptions = {}): Promise<SeatTestServer> {
    const bus = options.bus ?? new InMemorySeatEventBus();
    const notifier = new BusSeatNotifier(bus);
    const ports = options.ports
      ? { ...options.ports, notifier }
      : createInMemoryPorts({ notifier, database: options.database });
    const services = createBookingServices(ports, options.booking);
    const auth = createJwtAuth({ secret: TEST_SECRET });
    const http = createServer();
    const io = createSeatsServer(http, {
      ...(options.redis ? { redis: options.redis } : {}),
      ...(options.io ? { server: options.io } : {}),
    });
    const gateway = attachSeatGateway(io, {
      services,
      events: options.wrapLog ? options.wrapLog(ports.events) : ports.events,
      auth,
      bus,
      gapWaitMs: 20,
      roomWrites: roomWritesUnderTest(),
      ...options.gateway,
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    return new SeatTestServer(ports, services, io, gateway, auth, http, `http://127.0.0.1:${port}`);
  }

  async createRoute(seatCount = 20): Promise<Route> {
    const tag = unique('c');
    const route = await this.services.routes.create(admin, {
      fromCity: `From-${tag}`,
      toCity: `To-${tag}`,
      stations: [`Mid-${tag}`],
      departureAt: '2030-06-01T09:00:00.000Z',
      seatCount,
      price: 30,
    });
    return route._unsafeUnwrap();
  }

  /** Books a seat as `actor` (a customer unless told), through this node's services. */
  async book(route: Route, seatNumber: number, actor: Actor = customer()) {
    const ticket = await this.services.tickets.reserve(actor, {
      routeId: route.id,
      seatNumber,
      passengerName: 'Grace Hopper',
      gender: 'female',
      phone: '+49 170 0000000',
    });
    return ticket._unsafeUnwrap();
  }

  /**
   * Changes the departure itself as the core's use cases commit it: the route and its `route_update`
   * in one unit of work, then published (unless `publish` is false: an outage, left to the outbox
   * relay). The tickets a cancellation also ends are left alone: this is about the event.
   */
  async changeDeparture(
    route: Route,
    change: Partial<Pick<Route, 'status' | 'cancelReason' | 'departureAt' | 'stopTimes'>>,
    { publish = true } = {},
  ): Promise<RouteUpdateEvent> {
    const changed: Route = { ...route, ...change };
    const committed = await this.ports.unitOfWork.run((tx) =>
      tx.locks
        .route(route.id)
        .andThen(() => tx.routes.update(changed))
        .andThen(() => tx.events.append([routeUpdateDraft(changed)], this.ports.clock.now().toISOString())),
    );
    const [event] = committed._unsafeUnwrap();
    if (event?.eventType !== 'route_update') throw new Error('the log did not answer the route_update');
    if (publish) await this.services.publisher.publish({ events: [event], tickets: [] });
    return event;
  }

  /** A connected client (optionally with a token); refused handshakes reject with the connect_error. */
  async connect(
    auth: { token?: string } = {},
    transports: Transports = ['websocket'],
  ): Promise<SeatClientRecorder> {
    const socket = this.openSocket(auth, transports);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return new SeatClientRecorder(socket);
  }

  /**
   * A raw client socket that is not yet known to be connected. With 'default' transports the client
   * keeps every option of a stock socket.io-client but the handshake's `auth` and `extraHeaders`.
   */
  openSocket(
    auth: { token?: string } = {},
    transports: Transports = ['websocket'],
    extraHeaders?: Record<string, string>,
  ): ClientSocket {
    const socket = connectClient(this.url + SEATS_NAMESPACE, {
      ...(transports === 'default' ? {} : { transports, forceNew: true, reconnection: false }),
      ...(extraHeaders ? { extraHeaders } : {}),
      auth,
    });
    this.clients.add(socket);
    return socket;
  }

  async tokenFor(actor: Actor): Promise<string> {
    return this.auth.sign(actor);
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    await this.gateway.close();
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
    if (this.http.listening) await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
