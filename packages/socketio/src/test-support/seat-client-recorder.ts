import type { Socket as ClientSocket } from 'socket.io-client';
import type {
  AckAnswer,
  ProtocolError,
  RouteRoomEvent,
  RouteUpdate,
  SeatUpdate,
  TicketUpdate,
} from '../protocol';

export type Received =
  | { kind: 'seat_update'; update: SeatUpdate }
  | { kind: 'route_update'; update: RouteUpdate }
  | { kind: 'subscribed'; routeId: string; sequence: number }
  | { kind: 'resync_required'; routeId: string }
  | { kind: 'ticket_update'; update: TicketUpdate }
  | { kind: 'error'; error: ProtocolError }
  | { kind: 'seat_availability' }
  | { kind: 'unsubscribed'; routeId: string }
  | { kind: 'token_expired' };

/** A client socket that records, in arrival order, everything the server sends it. */
export class SeatClientRecorder {
  readonly received: Received[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(readonly socket: ClientSocket) {
    const record = (item: Received) => {
      this.received.push(item);
      for (const wake of [...this.waiters]) wake();
    };
    socket.on('seat_availability', () => record({ kind: 'seat_availability' }));
    socket.on('unsubscribed', (answer: { routeId: string }) =>
      record({ kind: 'unsubscribed', routeId: answer.routeId }),
    );
    socket.on('seat_update', (update: SeatUpdate) => record({ kind: 'seat_update', update }));
    socket.on('route_update', (update: RouteUpdate) => record({ kind: 'route_update', update }));
    socket.on('subscribed', (answer: { routeId: string; sequence: number }) =>
      record({ kind: 'subscribed', routeId: answer.routeId, sequence: answer.sequence }),
    );
    socket.on('resync_required', (answer: { routeId: string }) =>
      record({ kind: 'resync_required', routeId: answer.routeId }),
    );
    socket.on('ticket_update', (update: TicketUpdate) => record({ kind: 'ticket_update', update }));
    socket.on('error', (error: ProtocolError) => record({ kind: 'error', error }));
    socket.on('token_expired', () => record({ kind: 'token_expired' }));
  }

  /** Sends a message and resolves with the acknowledgement. */
  request<T extends object = Record<string, unknown>>(
    event: string,
    ...args: unknown[]
  ): Promise<AckAnswer<T>> {
    return this.socket.timeout(10_000).emitWithAck(event, ...args) as Promise<AckAnswer<T>>;
  }

  /** Sequences of the `seat_update`s of a route, in arrival order. */
  sequences(routeId: string): number[] {
    return this.updates(routeId).map((update) => update.sequence);
  }

  updates(routeId: string): SeatUpdate[] {
    return this.received.flatMap((item) =>
      item.kind === 'seat_update' && item.update.routeId === routeId ? [item.update] : [],
    );
  }

  /** Every `seat_update` and `route_update` of a route, in arrival order. */
  roomEvents(routeId: string): RouteRoomEvent[] {
    return this.received.flatMap((item) =>
      (item.kind === 'seat_update' || item.kind === 'route_update') && item.update.routeId === routeId
        ? [item.update]
        : [],
    );
  }

  /** Resolves once `done()` holds; the test's own timeout catches a server that never sends it. */
  until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        if (!done()) return;
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
  }

  /** A round trip on this connection: everything the server sent before it has arrived after it. */
  async roundTrip(routeId: string): Promise<void> {
    const answer = await this.request('get_seat_availability', { routeId });
    if (!answer.ok) throw new Error(`round trip failed: ${answer.error.code}`);
  }

  disconnect(): void {
    this.socket.disconnect();
  }
}
