import type { SEATS_NAMESPACE } from '@booking/protocol';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { boardingApi, type BoardingApi } from './boarding';
import { departureApi, type DepartureApi } from './departures';
import { holdApi, type HoldApi } from './holds';
import { moneyApi, type MoneyApi } from './money';
import { tokenOf, type TokenSource } from './rest';
import { RouteWatch, type WatchOptions } from './route-watch';
import { manifestApi, type ManifestApi } from './manifest';
import { scheduleApi, type ScheduleApi } from './schedules';
import { ServerClock } from './server-clock';
import { ticketChangeApi, type TicketChangeApi } from './ticket-changes';
import type { SeatsSocket } from './seats-socket';

/** The server's namespace; typed against the server's constant, so the two cannot drift apart. */
const NAMESPACE: typeof SEATS_NAMESPACE = '/seats';

export interface BookingClientOptions {
  /**
   * A JWT, or a function giving the current one (asked at each REST call and each connection).
   * Holding and booking seats need one; without it the socket may only read (unless the server
   * requires a token).
   */
  token?: TokenSource;
  /**
   * Passed to socket.io-client (reconnection, timeouts, transports, ...). Socket.IO's defaults work:
   * long-polling first, then the WebSocket upgrade. `transports: ['websocket']` skips the polling
   * start where WebSocket is known to get through; `['polling']` suits proxies that block it.
   */
  socket?: Partial<ManagerOptions & SocketOptions>;
}

/**
 * The live seat maps, and seat holds, the money of tickets, changes of tickets and an admin's
 * changes of departures and timetables through the REST API of the same server.
 */
export interface BookingClient
  extends HoldApi, MoneyApi, DepartureApi, TicketChangeApi, BoardingApi, ScheduleApi, ManifestApi {
  readonly socket: SeatsSocket;
  /** A live, gap-free seat map of one route (on a segment when `fromCity`/`toCity` are given). */
  watchRoute(routeId: string, options?: WatchOptions): RouteWatch;
  /** Closes every watch and the connection. */
  close(): void;
}

/** Connects to a booking server's `/seats` namespace, e.g. `createBookingClient('http://localhost:3000')`. */
export function createBookingClient(url: string, options: BookingClientOptions = {}): BookingClient {
  const baseUrl = url.replace(/\/$/, '');
  const { token } = options;
  const socket: SeatsSocket = io(`${baseUrl}${NAMESPACE}`, {
    ...(typeof token === 'function'
      ? { auth: (send: (auth: object) => void) => send(tokenOf(token) ? { token: tokenOf(token) } : {}) }
      : token
        ? { auth: { token } }
        : {}),
    ...options.socket,
  });
  const watches = new Set<RouteWatch>();
  let closed = false;
  // The server disconnects sockets only when it shuts down (a restart, a deploy); socket.io does not
  // reconnect after a server-side disconnect by itself, so the client asks for it (another process
  // behind the load balancer, or the restarted one, answers and the watches replay what they missed).
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect' && !closed && options.socket?.reconnection !== false)
      socket.connect();
  });
  const clock = new ServerClock();
  return {
    ...holdApi(baseUrl, token, clock),
    ...moneyApi(baseUrl, token, clock),
    ...departureApi(baseUrl, token, clock),
    ...ticketChangeApi(baseUrl, token, clock),
    ...boardingApi(baseUrl, token, clock),
    ...scheduleApi(baseUrl, token, clock),
    ...manifestApi(baseUrl, token, clock),
    socket,
    watchRoute(anyCaseRouteId, watchOptions) {
      // Ids mean the same in any letter case; the server answers and sends them in lower case.
      const routeId = anyCaseRouteId.toLowerCase();
      // The server keeps one subscription per route and socket: watches of one route share it, and
      // only the last one closed ends it.
      const watch: RouteWatch = new RouteWatch(socket, routeId, watchOptions, () => {
        watches.delete(watch);
        return ![...watches].some((other) => other.routeId === routeId);
      });
      watches.add(watch);
      return watch;
    },
    close() {
      closed = true;
      for (const watch of watches) void watch.close();
      socket.close();
    },
  };
}
