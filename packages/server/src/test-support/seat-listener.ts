import type { RouteUpdate, SeatUpdate } from '@booking/socketio';
import { io, type Socket } from 'socket.io-client';

/** A socket.io client subscribed to one route, collecting its `seat_update`s and `route_update`s. */
export interface SeatListener {
  updates: SeatUpdate[];
  /** The departure's changes (cancelled, moved), apart from the seats'. */
  routeUpdates: RouteUpdate[];
  socket: Socket;
  /** Resolves once `count` updates have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<SeatUpdate[]>;
  close(): void;
}

export async function listenToRoute(base: string, routeId: string): Promise<SeatListener> {
  // Socket.IO's default transports, as a browser would connect.
  const socket = io(`${base}/seats`, { reconnection: false });
  const updates: SeatUpdate[] = [];
  const routeUpdates: RouteUpdate[] = [];
  const waiters: (() => void)[] = [];
  socket.on('seat_update', (update: SeatUpdate) => {
    updates.push(update);
    waiters.forEach((wake) => wake());
  });
  socket.on('route_update', (update: RouteUpdate) => routeUpdates.push(update));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.emit('subscribe_route', { routeId }, (answer: { ok: boolean }) =>
      answer.ok ? resolve() : reject(new Error(JSON.stringify(answer))),
    );
  });
  return {
    updates,
    routeUpdates,
    socket,
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (updates.length < count) return;
          clearTimeout(timer);
          resolve(updates.slice(0, count));
        };
        const timer = setTimeout(
          () => reject(new Error(`only ${updates.length} of ${count} seat updates arrived`)),
          timeoutMs,
        );
        waiters.push(check);
        check();
      }),
    close: () => socket.close(),
  };
}
