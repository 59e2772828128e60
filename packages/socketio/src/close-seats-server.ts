import type { Server as HttpServer } from 'node:http';
import type { Server } from 'socket.io';
import type { SeatGateway } from './gateway';

/**
 * Closes a `node:http` server that carries the seats namespace, in the order that loses nothing:
 * stop accepting connections, disconnect every socket (clients reconnect elsewhere and replay),
 * run `whileDraining` (stop the background jobs there), let requests in flight finish, close
 * Socket.IO. Storage and Redis are the caller's to close afterwards: requests in flight need them
 * until this resolves.
 */
export async function closeSeatsServer(
  parts: { http: HttpServer; io: Server; gateway: SeatGateway },
  whileDraining: () => Promise<void> = async () => undefined,
): Promise<void> {
  const { http, io, gateway } = parts;
  const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
  http.closeIdleConnections();
  await gateway.close();
  io.disconnectSockets(true);
  await whileDraining();
  await stopped;
  await new Promise<void>((resolve) => io.close(() => resolve()));
}
