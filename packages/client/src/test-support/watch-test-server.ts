import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJwtAuth } from '@booking/auth';
import {
  createBookingServices,
  ScheduleService,
  type Actor,
  type BookingServices,
  type DepartureMove,
  type Gender,
  type Hold,
  type Role,
  type Route,
  type SeatMap,
  type Ticket,
} from '@booking/core';
import {
  createInMemoryPorts,
  ManualClock,
  unique,
  type InMemoryDatabaseOptions,
  type InMemoryPorts,
} from '@booking/core/testing';
import { createRestApi } from '@booking/koa';
import { luxonTimeZoneCalendar } from '@booking/time-zones';
import {
  attachSeatGateway,
  BusSeatNotifier,
  createSeatsServer,
  InMemorySeatEventBus,
  routeRoom,
  toRouteRoomEvent,
  type SeatBusMessage,
  type SeatGateway,
} from '@booking/socketio';
import type { Server } from 'socket.io';

export const admin: Actor = { userId: 'admin-1', role: 'admin' };
const SECRET = 'client-test-secret-0123456789-abcdefgh';
const auth = createJwtAuth({ secret: SECRET });
const customer = (): Actor => ({ userId: unique('customer'), role: 'customer' });

/** A bus that can lose publications, as a notifier outage would (the log still has the events). */
export class LossyBus extends InMemorySeatEventBus {
  losing = false;
  override async publish(message: SeatBusMessage): Promise<void> {
    if (!this.losing) await super.publish(message);
  }
}

/**
 * A real server for client tests: the in-memory core (on a manual clock), the REST API, the
 * Socket.IO gateway and an HTTP server on an ephemeral port. The helpers change seats through the
 * core's use cases, as REST calls would.
 */
export class WatchTestServer {
  private constructor(
    readonly clock: ManualClock,
    readonly ports: InMemoryPorts,
    readonly services: BookingServices,
    readonly bus: LossyBus,
    readonly io: Server,
    private readonly gateway: SeatGateway,
    private readonly http: HttpServer,
    readonly url: string,
  ) {}

  /** A generous rate limit by default: the tests reconnect and replay on purpose. */
  static async start(
    database?: InMemoryDatabaseOptions,
    rateLimit = { perSecond: 1000, burst: 1000 },
  ): Promise<WatchTestServer> {
    const bus = new LossyBus();
    const clock = new ManualClock();
    const ports = createInMemoryPorts({ notifier: new BusSeatNotifier(bus), database, clock });
    const services = createBookingServices(ports);
    const rest = createRestApi(services, {
      auth,
      idempotencySecret: SECRET,
      rateLimit: false,
      schedules: new ScheduleService({ ...ports, timeZones: luxonTimeZoneCalendar }),
    });
    // The REST handler first: Socket.IO takes /socket.io/ and passes every other request on to it.
    const http = createServer(rest.callback());
    const io = createSeatsServer(http);
    const gateway = attachSeatGateway(io, {
      services,
      events: ports.events,
      auth,
      bus,
      gapWaitMs: 20,
      rateLimit,
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    return new WatchTestServer(clock, ports, services, bus, io, gateway, http, `http://127.0.0.1:${port}`);
  }

  /** A route with four stops, A → B → C → D (segments 0..3). */
  async createRoute(seatCount = 12): Promise<Route> {
    const tag = unique('w');
    const route = await this.services.routes.create(admin, {
      fromCity: `A-${tag}`,
      toCity: `D-${tag}`,
      stations: [`B-${tag}`, `C-${tag}`],
      departureAt: '2030-06-01T09:00:00.000Z',
      seatCount,
      price: 30,
    });
    return route._unsafeUnwrap();
  }

  /** Books a seat on the stops `[from, to)`; undefined when it is taken (as a busy sale would find). */
  async book(
    route: Route,
    seatNumber: number,
    options: { from?: number; to?: number; gender?: Gender; staff?: boolean } = {},
  ): Promise<Ticket | undefined> {
    const booked = await this.services.tickets.reserve(options.staff ? admin : customer(), {
      routeId: route.id,
      seatNumber,
      fromCity: route.stops[options.from ?? 0],
      toCity: route.stops[options.to ?? route.stops.length - 1],
      passengerName: 'Ada Lovelace',
      gender: options.gender ?? 'female',
    });
    return booked.isOk() ? booked.value : undefined;
  }

  /** A bearer token of a new user of this role (a customer by default). */
  token(role: Role = 'customer'): Promise<string> {
    return auth.sign({ userId: unique(role), role });
  }

  /** Holds a seat on the stops `[from, to)` for a new customer; undefined when it is taken. */
  async hold(route: Route, seatNumber: number, options: { from?: number; to?: number } = {}) {
    const held = await this.services.holds.place(customer(), {
      routeId: route.id,
      seatNumbers: [seatNumber],
      fromCity: route.stops[options.from ?? 0],
      toCity: route.stops[options.to ?? route.stops.length - 1],
    });
    return held.isOk() ? held.value : undefined;
  }

  /** The hold's tickets, under the hold's owner (undefined when the hold has ended). */
  async bookHold(hold: Hold): Promise<Ticket[] | undefined> {
    const booked = await this.services.tickets.bookHold(
      { userId: hold.ownerId, role: 'customer' },
      {
        holdId: hold.id,
        passengers: hold.seatNumbers.map((seatNumber) => ({
          seatNumber,
          passengerName: 'Grace Hopper',
          gender: 'male' as const,
        })),
      },
    );
    return booked.isOk() ? booked.value.tickets : undefined;
  }

  async cancel(ticket: Ticket): Promise<void> {
    (await this.services.tickets.cancel(admin, ticket.id))._unsafeUnwrap();
  }

  async confirm(ticket: Ticket): Promise<void> {
    (await this.services.tickets.confirm(admin, ticket.id))._unsafeUnwrap();
  }

  async suspend(ticket: Ticket): Promise<void> {
    (await this.services.tickets.suspend(admin, ticket.id))._unsafeUnwrap();
  }

  /** An admin cancels the departure: its tickets cancelled and refunded, its holds released. */
  async cancelDeparture(route: Route, reason: string): Promise<Route> {
    return (await this.services.departures.cancel(admin, route.id, { reason }))._unsafeUnwrap();
  }

  /** An admin moves the departure (and its stop times with it). */
  async moveDeparture(route: Route, move: DepartureMove): Promise<Route> {
    return (await this.services.departures.move(admin, route.id, move))._unsafeUnwrap();
  }

  /** The server's own seat map, as `GET /routes/:id/seats` would answer it. */
  async seatMap(route: Route, from?: number, to?: number): Promise<SeatMap> {
    const fromCity = from === undefined ? undefined : route.stops[from];
    const toCity = to === undefined ? undefined : route.stops[to];
    return (await this.services.routes.seatMap(route.id, fromCity, toCity))._unsafeUnwrap();
  }

  async currentSequence(route: Route): Promise<number> {
    return (await this.ports.events.currentSequence(route.id))._unsafeUnwrap();
  }

  /** Sends a logged event straight to the route's room, past the ordered feed (to make a client see a gap). */
  async sendOutOfOrder(route: Route, sequence: number): Promise<void> {
    const events = (await this.ports.events.readAfter(route.id, sequence - 1, 1))._unsafeUnwrap();
    const event = events[0];
    if (event?.sequence !== sequence) throw new Error(`event ${sequence} is not in the log`);
    const update = toRouteRoomEvent(event);
    const room = this.io.of('/seats').to(routeRoom(route.id));
    room.emit(update.eventType === 'route_update' ? 'route_update' : 'seat_update', update);
  }

  /** Disconnects every client socket from the server side (as a restart or a network cut would). */
  dropAllConnections(): void {
    this.io.of('/seats').disconnectSockets(true);
  }

  /**
   * Resolves once the server has no client left. A closing long-polling client says goodbye in one
   * more request after `close()`; a test that ends before it would see that request cut off.
   */
  async clientsGone(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.io.engine.clientsCount > 0) {
      if (Date.now() > deadline) throw new Error(`${this.io.engine.clientsCount} clients still connected`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async close(): Promise<void> {
    await this.gateway.close();
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
    if (this.http.listening) await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
