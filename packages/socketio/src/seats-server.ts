import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
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
 * Socket.IO settings that serve live seat maps: both transports (stock clients start with
 * long-polling and upgrade to WebSocket), no per-message deflate (small JSON messages; compression
 * costs CPU and latency), small messages.
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
  const io = new Server(http, {
    ...SEATS_SERVER_OPTIONS,
    ...(adapter ? { adapter } : {}),
    ...options.server,
  });
  refuseLaterRequestListeners(http, io.path());
  io.engine.use(onlyGetAndPost);
  return io;
}

/**
 * Engine.IO speaks GET and POST (CORS preflights are answered before this, when CORS is on). Its
 * long-polling answers any other method on a live session with a 500; it is the client's mistake.
 */
function onlyGetAndPost(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  if (request.method === 'GET' || request.method === 'POST') return next();
  response
    .writeHead(405, { Allow: 'GET, POST', 'Content-Type': 'application/json' })
    .end(JSON.stringify({ code: 3, message: 'Method not allowed' }));
}

/**
 * engine.io answers its path by wrapping the 'request' listeners `http` has when it attaches. A
 * listener added later (an app's `http.on('request', app.callback())`) would answer Socket.IO's
 * long-polling requests too, and engine.io's own reply would then throw ERR_HTTP_HEADERS_SENT and
 * end the process at the first stock client. That ordering mistake fails here, at start, instead.
 */
function refuseLaterRequestListeners(http: HttpServer, path: string): void {
  http.on('newListener', (event) => {
    if (event !== 'request') return;
    throw new Error(
      `A 'request' listener was added after Socket.IO attached, so it would answer ${path} too. ` +
        'Pass the app to the HTTP server first (createServer(app.callback())), then call createSeatsServer.',
    );
  });
}
