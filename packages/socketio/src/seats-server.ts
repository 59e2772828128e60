import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type ServerOptions } from 'socket.io';

/** The two node-redis connections the Socket.IO Redis adapter needs (the second only subscribes). */
export interface RedisAdapterClients {
  publisher: unknown;
  subscriber: unknown;
  /** Channel prefix; one per deployment. Default `socket.io`. */
  key?: string;
}

/**
 * Socket.IO settings that serve live seat maps: WebSocket first (long-polling only as a fallback),
 * no per-message deflate (small JSON messages; compression costs CPU and latency), small messages.
 */
export const SEATS_SERVER_OPTIONS: Partial<ServerOptions> = {
  transports: ['websocket', 'polling'],
  perMessageDeflate: false,
  httpCompression: false,
  maxHttpBufferSize: 16 * 1024,
  pingInterval: 25_000,
  pingTimeout: 20_000,
};

/**
 * A Socket.IO server on `http` with the settings above. With Redis clients, room queries and
 * `stats()` span every process (seat events themselves travel on the SeatEventBus, in order).
 */
export function createSeatsServer(
  http: HttpServer,
  options: { redis?: RedisAdapterClients; server?: Partial<ServerOptions> } = {},
): Server {
  const adapter = options.redis
    ? createAdapter(options.redis.publisher, options.redis.subscriber, {
        key: options.redis.key ?? 'socket.io',
      })
    : undefined;
  return new Server(http, { ...SEATS_SERVER_OPTIONS, ...(adapter ? { adapter } : {}), ...options.server });
}
