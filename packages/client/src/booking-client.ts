import type { SEATS_NAMESPACE } from '@booking/socketio';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { RouteWatch, type WatchOptions } from './route-watch';
import type { SeatsSocket } from './seats-socket';

/** The server's namespace; typed against the server's constant, so the two cannot drift apart. */
const NAMESPACE: typeof SEATS_NAMESPACE = '/seats';

export interface BookingClientOptions {
  /** A JWT; without it the socket may only read (unless the server requires a token). */
  token?: string;
  /** Passed to socket.io-client (reconnection, timeouts, transports, ...). */
  socket?: Partial<ManagerOptions & SocketOptions>;
}

export interface BookingClient {
  readonly socket: SeatsSocket;
  /** A live, gap-free seat map of one route (on a segment when `fromCity`/`toCity` are given). */
  watchRoute(routeId: string, options?: WatchOptions): RouteWatch;
  close(): void;
}

/** Connects to a booking server's `/seats` namespace, e.g. `createBookingClient('http://localhost:3000')`. */
export function createBookingClient(url: string, options: BookingClientOptions = {}): BookingClient {
  const socket: SeatsSocket = io(`${url.replace(/\/$/, '')}${NAMESPACE}`, {
    transports: ['websocket'],
    ...(options.token ? { auth: { token: options.token } } : {}),
    ...options.socket,
  });
  const watches = new Set<RouteWatch>();
  return {
    socket,
    watchRoute(routeId, watchOptions) {
      const watch = new RouteWatch(socket, routeId, watchOptions);
      watches.add(watch);
      return watch;
    },
    close() {
      for (const watch of watches) void watch.close();
      socket.close();
    },
  };
}
