import type { SeatMap, SeatMapEntry } from '@booking/core';
import type { ProtocolError, SeatUpdate } from '@booking/socketio';
import { SeatMapState } from './seat-map-state';
import type { SeatsSocket } from './seats-socket';
import { request } from './seats-socket';

export interface WatchOptions {
  fromCity?: string;
  toCity?: string;
}

export type WatchListener = (map: SeatMap) => void;
export type WatchErrorListener = (error: ProtocolError) => void;

/**
 * A live seat map of one route: loads the snapshot, applies `seat_update`s in sequence order, drops
 * duplicates, replays from the last applied sequence after a gap or a reconnect, and reloads the
 * snapshot when the server says the missed events are gone (`resync_required`).
 */
export class RouteWatch {
  private readonly state: SeatMapState;
  private readonly listeners = new Set<WatchListener>();
  private readonly errorListeners = new Set<WatchErrorListener>();
  private recovering: Promise<void> | undefined;
  private closed = false;
  private resolveReady!: (map: SeatMap) => void;
  /** Resolves with the first complete seat map. */
  readonly ready: Promise<SeatMap>;

  constructor(
    private readonly socket: SeatsSocket,
    readonly routeId: string,
    private readonly options: WatchOptions = {},
  ) {
    this.state = new SeatMapState(routeId);
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    socket.on('seat_update', this.onUpdate);
    socket.on('resync_required', this.onResync);
    socket.on('connect', this.onConnect);
    if (socket.connected) this.onConnect();
  }

  get sequence(): number {
    return this.state.sequence;
  }

  seats(): SeatMapEntry[] {
    return this.state.seats();
  }

  snapshot(): SeatMap {
    return this.state.snapshot();
  }

  /** Called with the whole seat map after every change; returns a function that stops listening. */
  onChange(listener: WatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onError(listener: WatchErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.socket.off('seat_update', this.onUpdate);
    this.socket.off('resync_required', this.onResync);
    this.socket.off('connect', this.onConnect);
    if (this.socket.connected)
      await request(this.socket, 'unsubscribe_route', { routeId: this.routeId }).catch(() => undefined);
  }

  private readonly onConnect = () => {
    // After a reconnect, carry on from the last applied sequence (the server replays what was missed).
    void this.recover(this.state.loaded ? 'replay' : 'snapshot');
  };

  private readonly onResync = (message: { routeId: string }) => {
    if (message.routeId === this.routeId) void this.recover('snapshot');
  };

  private readonly onUpdate = (update: SeatUpdate) => {
    if (update.routeId !== this.routeId || !this.state.loaded || this.closed) return;
    const outcome = this.state.apply(update);
    if (outcome === 'applied') this.emitChange();
    else if (outcome === 'gap') void this.recover('replay');
    else if (outcome === 'needs_snapshot') void this.recover('snapshot');
  };

  /** One recovery at a time; a request made while one runs joins it. */
  private recover(mode: 'snapshot' | 'replay'): Promise<void> {
    if (this.recovering) return this.recovering;
    this.recovering = (async () => {
      try {
        if (mode === 'snapshot') await this.loadSnapshot();
        await request(this.socket, 'subscribe_route', {
          routeId: this.routeId,
          sinceSequence: this.state.sequence,
        });
      } catch (error) {
        this.emitError(error);
      } finally {
        this.recovering = undefined;
      }
    })();
    return this.recovering;
  }

  private async loadSnapshot(): Promise<void> {
    const map = await request(this.socket, 'get_seat_availability', {
      routeId: this.routeId,
      ...this.options,
    });
    this.state.load(map);
    this.emitChange();
    this.resolveReady(this.state.snapshot());
  }

  private emitChange(): void {
    const map = this.state.snapshot();
    for (const listener of this.listeners) listener(map);
  }

  private emitError(error: unknown): void {
    const protocolError: ProtocolError =
      typeof error === 'object' && error !== null && 'code' in error && 'message' in error
        ? (error as ProtocolError)
        : { code: 'client_error', message: error instanceof Error ? error.message : String(error) };
    for (const listener of this.errorListeners) listener(protocolError);
  }
}
