import type { BookingServices, Logger, SeatEventLog, SeatNotifier } from '@booking/core';
import { silentLogger } from '@booking/core';
import type { TokenVerifier } from '@booking/auth';
import type { Server } from 'socket.io';
import { BusSeatNotifier } from './bus-notifier';
import { InMemorySeatEventBus } from './bus/in-memory-seat-event-bus';
import type { SeatBusMessage, SeatEventBus } from './bus/seat-event-bus';
import { ConnectionLimiter } from './connection-limiter';
import { statsFromRooms, type GatewayStats } from './gateway-stats';
import { authenticateHandshake } from './handshake-auth';
import { routeRoom, SEATS_NAMESPACE, userRoom } from './protocol';
import { RouteFeeds } from './route-feeds';
import {
  chooseRoomWrites,
  DEFAULT_ROOM_WRITES,
  type RoomWritePath,
  type RoomWrites,
} from './room-write-path';
import { emitOneByOne, emitRouteRoomEvents } from './room-writes';
import { SeatSocketSession } from './seat-socket-session';
import type { SeatSocket, SeatsNamespace } from './socket-types';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './token-bucket';

/** The gateway's settings; `SEAT_GATEWAY_DEFAULTS` holds the default of each optional one. */
export interface SeatGatewayOptions {
  /** The core's use cases (route lookups and seat maps). */
  services: Pick<BookingServices, 'routes'>;
  /** The seat event log: replay after reconnect, and gaps the bus left. */
  events: Pick<SeatEventLog, 'readAfter' | 'currentSequence'>;
  /** Verifies handshake tokens (`createJwtAuth` from @booking/auth). */
  auth: TokenVerifier;
  /** Refuse sockets without a token (WS_REQUIRE_AUTH). Default off: anonymous sockets may read. */
  requireAuth?: boolean;
  /** Where committed changes arrive; default a new in-process bus (one process only). */
  bus?: SeatEventBus;
  /** Messages per socket. Default `DEFAULT_RATE_LIMIT`. */
  rateLimit?: RateLimit;
  /** Open sockets per client address (raise it for load tests from one machine). */
  maxConnectionsPerIp?: number;
  /** Take the client address from `X-Forwarded-For` (only behind a proxy you run). Default off. */
  trustProxy?: boolean;
  /** Routes one socket may follow at once. */
  maxRoutesPerSocket?: number;
  /** More missed events than this get `resync_required` instead of a replay. */
  maxReplayEvents?: number;
  /** How long an early event waits for the missing ones before they are read from the log, in ms. */
  gapWaitMs?: number;
  /**
   * How seat updates are written to route rooms (room-write-path.ts). Default `'auto'`: joined
   * writes when the installed socket.io, engine.io and ws pass the start-up check, else `'public'`.
   */
  roomWrites?: RoomWrites;
  logger?: Logger;
}

type SeatGatewayDefaults = Required<
  Omit<SeatGatewayOptions, 'services' | 'events' | 'auth' | 'bus' | 'logger'>
>;

/** The default of each setting of `SeatGatewayOptions`, written once (deployments read them too). */
export const SEAT_GATEWAY_DEFAULTS: Readonly<SeatGatewayDefaults> = {
  requireAuth: false,
  rateLimit: DEFAULT_RATE_LIMIT,
  maxConnectionsPerIp: 1000,
  trustProxy: false,
  maxRoutesPerSocket: 50,
  maxReplayEvents: 10_000,
  gapWaitMs: 250,
  roomWrites: DEFAULT_ROOM_WRITES,
};

export interface SeatGateway {
  readonly namespace: SeatsNamespace;
  /** The bus this gateway listens to (the given one, or the in-process default). */
  readonly bus: SeatEventBus;
  /** The core's SeatNotifier for this bus: pass it to `createBookingServices`. */
  readonly notifier: SeatNotifier;
  /** The room write path the start-up check chose. */
  readonly roomWrites: RoomWritePath;
  /** Connections and route subscribers on every process (asks the others through the adapter). */
  stats(): Promise<GatewayStats>;
  /** The same, for this process only (no network). */
  localStats(): GatewayStats;
  /** Stops listening to the bus and disconnects this process's sockets; the Server stays open. */
  close(): Promise<void>;
}

/** Serves the contract's `/seats` namespace on `io`: live seat events, replay, limits and auth. */
export function attachSeatGateway(io: Server, options: SeatGatewayOptions): SeatGateway {
  const settings = withDefaults(options);
  const logger = options.logger ?? silentLogger;
  const ownsBus = options.bus === undefined;
  const bus: SeatEventBus = options.bus ?? new InMemorySeatEventBus();
  // The app-level Server is untyped; this namespace speaks exactly the seat protocol.
  const namespace = io.of(SEATS_NAMESPACE) as unknown as SeatsNamespace;
  const roomWrites = chooseRoomWrites(io, settings.roomWrites);
  if (roomWrites.fellBack) {
    logger.warn({ reason: roomWrites.reason }, 'seat updates go out as Socket.IO room broadcasts');
  }
  const writeRoom = roomWrites.path === 'joined' ? emitRouteRoomEvents : emitOneByOne;
  const feeds = new RouteFeeds({ log: options.events, gapWaitMs: settings.gapWaitMs, logger }, (routeId) => ({
    events: (updates) => writeRoom(namespace, routeRoom(routeId), updates),
    skipped: () => namespace.local.to(routeRoom(routeId)).emit('resync_required', { routeId }),
  }));
  const limiter = new ConnectionLimiter(settings.maxConnectionsPerIp);

  namespace.use((socket, next) => {
    authenticateHandshake(socket.handshake, options.auth, settings.requireAuth)
      .then((result) => {
        if (!result.ok) return next(refusal('unauthorized', result.message));
        if (result.identity) {
          socket.data.actor = result.identity.actor;
          socket.data.actorExpiresAtMs = result.identity.expiresAtMs;
        }
        const release = limiter.tryAcquire(clientAddress(socket, settings.trustProxy));
        if (!release) return next(refusal('too_many_connections', 'Too many connections from this address.'));
        releaseWhenGone(socket, release);
        next();
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'seat socket handshake failed');
        next(refusal('internal_error', 'The handshake failed.'));
      });
  });

  // One settings object for every session: per-socket memory is what limits how many sockets fit.
  const sessionSettings = {
    services: options.services,
    auth: options.auth,
    requireAuth: settings.requireAuth,
    feeds,
    replay: { log: options.events, maxReplayEvents: settings.maxReplayEvents, pageSize: 500 },
    rateLimit: settings.rateLimit,
    maxRoutesPerSocket: settings.maxRoutesPerSocket,
    logger,
  };
  const onConnection = (socket: SeatSocket) => {
    new SeatSocketSession(socket, sessionSettings);
  };
  namespace.on('connection', onConnection);

  const stopListening = bus.subscribe((message: SeatBusMessage) => {
    feeds.accept(message.events);
    for (const { ownerId, ticket } of message.tickets) {
      namespace.local.to(userRoom(ownerId)).emit('ticket_update', { ticket });
    }
  });

  // A bus that can lose messages says when it may have (node-redis's `ready` after a reconnect comes
  // once the subscription is restored): every feed then fetches from the log what it missed.
  const stopCatchingUp =
    bus.onPossibleLoss?.(() => {
      feeds
        .catchUp()
        .catch((error: unknown) => logger.error({ err: error }, 'seat feeds could not catch up'));
    }) ?? (() => undefined);

  return {
    namespace,
    bus,
    notifier: new BusSeatNotifier(bus),
    roomWrites: roomWrites.path,
    async stats() {
      const sockets = await namespace.fetchSockets();
      return statsFromRooms(sockets.map((socket) => socket.rooms));
    },
    localStats() {
      return statsFromRooms([...namespace.sockets.values()].map((socket) => socket.rooms));
    },
    async close() {
      stopListening();
      stopCatchingUp();
      namespace.off('connection', onConnection);
      feeds.closeAll();
      namespace.local.disconnectSockets(true);
      if (ownsBus) await bus.close();
    },
  };
}

/** Each setting as given, or its default. */
function withDefaults(options: SeatGatewayOptions): SeatGatewayDefaults {
  const defaults = SEAT_GATEWAY_DEFAULTS;
  return {
    requireAuth: options.requireAuth ?? defaults.requireAuth,
    rateLimit: options.rateLimit ?? defaults.rateLimit,
    maxConnectionsPerIp: options.maxConnectionsPerIp ?? defaults.maxConnectionsPerIp,
    trustProxy: options.trustProxy ?? defaults.trustProxy,
    maxRoutesPerSocket: options.maxRoutesPerSocket ?? defaults.maxRoutesPerSocket,
    maxReplayEvents: options.maxReplayEvents ?? defaults.maxReplayEvents,
    gapWaitMs: options.gapWaitMs ?? defaults.gapWaitMs,
    roomWrites: options.roomWrites ?? defaults.roomWrites,
  };
}

/**
 * Calls `release` when the socket leaves, whichever comes first: the namespace disconnects, or the
 * whole connection closes (the socket may never connect). A function of its own so the listeners
 * keep only what they use, not the handshake's scope (it is per socket memory).
 */
function releaseWhenGone(socket: SeatSocket, release: () => void): void {
  socket.conn.on('close', release);
  socket.on('disconnect', () => {
    release();
    socket.conn.off('close', release); // the connection may carry this namespace again
  });
}

/** Refuses a handshake: the client's `connect_error` has this message and `data.code`. */
function refusal(code: string, message: string): Error & { data: { code: string; message: string } } {
  return Object.assign(new Error(code), { data: { code, message } });
}

function clientAddress(socket: SeatSocket, trustProxy: boolean): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string')
    return forwarded.split(',')[0]?.trim() || socket.handshake.address;
  return socket.handshake.address;
}
