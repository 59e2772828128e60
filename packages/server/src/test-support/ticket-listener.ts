import type { TicketUpdate } from '@booking/socketio';
import { io, type Socket } from 'socket.io-client';

type TicketView = TicketUpdate['ticket'];

/** A signed-in user's socket on `/seats`, collecting the `ticket_update`s of their own tickets. */
export interface TicketListener {
  socket: Socket;
  /** Every ticket as it arrived, oldest first. */
  tickets: TicketView[];
  /** Resolves with the latest view of each ticket once every one of `ids` arrived with `status`. */
  waitForStatus(ids: readonly string[], status: string, timeoutMs?: number): Promise<TicketView[]>;
  close(): void;
}

/** Connects with the user's token (Socket.IO's default transports, as a browser would). */
export async function listenToTickets(base: string, token: string): Promise<TicketListener> {
  const socket = io(`${base}/seats`, { reconnection: false, forceNew: true, auth: { token } });
  const tickets: TicketView[] = [];
  const wakers = new Set<() => void>();
  socket.on('ticket_update', (update: TicketUpdate) => {
    tickets.push(update.ticket);
    for (const wake of wakers) wake();
  });
  // The user's room is joined in the handshake: once connected, every later ticket_update arrives.
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const latest = (ids: readonly string[], status: string) => {
    const views = ids.map((id) => [...tickets].reverse().find((t) => t.id === id && t.status === status));
    return views.every((v) => v !== undefined) ? (views as TicketView[]) : undefined;
  };
  return {
    socket,
    tickets,
    waitForStatus: (ids, status, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = latest(ids, status);
          if (!found) return;
          wakers.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          wakers.delete(check);
          reject(new Error(`ticket_update ${status} did not arrive for all of ${ids.join(', ')}`));
        }, timeoutMs);
        wakers.add(check);
        check();
      }),
    close: () => {
      socket.close();
    },
  };
}
