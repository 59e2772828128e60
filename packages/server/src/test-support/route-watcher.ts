import type { RouteRoomEvent, RouteUpdate, SeatUpdate } from '@booking/socketio';
import { io, type Socket } from 'socket.io-client';

/** A client of one route that remembers every `seat_update` and `route_update`, as a browser seat map would. */
export interface RouteWatcher {
  socket: Socket;
  /** Every seat update in arrival order (duplicates kept: a test decides how to treat them). */
  updates: SeatUpdate[];
  /** Every seat update and route update in arrival order: the route's one sequence. */
  events: RouteRoomEvent[];
  /** How many `resync_required` arrived (the server could not replay). */
  resyncs(): number;
  /** The `sequence` of the `subscribed` answer. */
  subscribedAt: number;
  /** The highest sequence received so far (0: none). */
  lastSequence(): number;
  /** Resolves once an update with `sequence >= target` arrived; rejects after `timeoutMs`. */
  waitForSequence(target: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

export interface WatchOptions {
  token?: string;
  /** Re-subscribe from here: the server first replays every later event. */
  sinceSequence?: number;
  /** Socket.IO transports; default the client's own: long-polling, then the WebSocket upgrade. */
  transports?: ('polling' | 'websocket')[];
}

export async function watchRoute(
  base: string,
  routeId: string,
  options: WatchOptions = {},
): Promise<RouteWatcher> {
  const socket = io(`${base}/seats`, {
    reconnection: false,
    forceNew: true,
    ...(options.transports ? { transports: options.transports } : {}),
    ...(options.token ? { auth: { token: options.token } } : {}),
  });
  const updates: SeatUpdate[] = [];
  const events: RouteRoomEvent[] = [];
  const wakers = new Set<() => void>();
  socket.on('seat_update', (update: SeatUpdate) => {
    updates.push(update);
    events.push(update);
    for (const wake of wakers) wake();
  });
  socket.on('route_update', (update: RouteUpdate) => {
    events.push(update);
    for (const wake of wakers) wake();
  });
  let resyncs = 0;
  socket.on('resync_required', () => resyncs++);
  const lastSequence = () => events.reduce((max, u) => Math.max(max, u.sequence), 0);
  const subscribedAt = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no subscribed answer')), 15_000);
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const message =
      options.sinceSequence === undefined ? { routeId } : { routeId, sinceSequence: options.sinceSequence };
    socket.emit('subscribe_route', message, (answer: { ok: boolean; sequence?: number }) => {
      clearTimeout(timer);
      if (answer.ok) resolve(answer.sequence ?? 0);
      else reject(new Error(JSON.stringify(answer)));
    });
  });
  return {
    socket,
    updates,
    events,
    subscribedAt,
    resyncs: () => resyncs,
    lastSequence,
    waitForSequence: (target, timeoutMs = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (lastSequence() < target) return;
          wakers.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          wakers.delete(check);
          reject(
            new Error(
              `sequence ${target} did not arrive (last: ${lastSequence()}, subscribed at ${subscribedAt}, ${resyncs} resync_required)`,
            ),
          );
        }, timeoutMs);
        wakers.add(check);
        check();
      }),
    close: () => {
      socket.close();
    },
  };
}

/** The distinct sequences in `updates`, sorted, and whether they run 1..n with no hole. */
export function sequencesOf(updates: readonly RouteRoomEvent[]): number[] {
  return [...new Set(updates.map((u) => u.sequence))].sort((a, b) => a - b);
}
