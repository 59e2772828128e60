import type {
  DepartureView,
  ProtocolError,
  RouteRoomEvent,
  SeatMapEntryView,
  SeatMapView,
  SeatUpdate,
} from '@booking/protocol';
import { SeatMapState } from './seat-map-state';
import type { SeatsSocket } from './seats-socket';
import { request } from './seats-socket';

export interface WatchOptions {
  fromCity?: string;
  toCity?: string;
  /** How long to wait before trying a failed recovery again (a timeout, a busy server). Default 1 s. */
  retryDelayMs?: number;
}

export type WatchListener = (map: SeatMapView) => void;
export type WatchUpdateListener = (update: SeatUpdate) => void;
export type WatchErrorListener = (error: ProtocolError) => void;
export type WatchDepartureListener = (departure: DepartureView) => void;

/** Failures that a later attempt may not repeat; anything else (an unknown route, a bad segment) is final. */
const RETRYABLE = new Set(['timeout', 'service_unavailable', 'internal_error', 'rate_limited']);

type Recovery = 'snapshot' | 'replay';

/**
 * A live seat map of one route and its departure: loads the snapshot, applies `seat_update`s and
 * `route_update`s in their one sequence order, drops duplicates, replays from the last applied
 * sequence after a gap or a reconnect, and reloads the snapshot when the server says the missed
 * events are gone (`resync_required`).
 */
export class RouteWatch {
  private readonly state: SeatMapState;
  private readonly listeners = new Set<WatchListener>();
  private readonly updateListeners = new Set<WatchUpdateListener>();
  private readonly errorListeners = new Set<WatchErrorListener>();
  private readonly departureListeners = new Set<WatchDepartureListener>();
  /** The recovery still to run; a snapshot outranks a replay (it ends with one). */
  private needed: Recovery | undefined;
  private running: Recovery | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private settleReady!: { resolve: (map: SeatMapView) => void; reject: (error: ProtocolError) => void };
  /**
   * Resolves with the first seat map once live updates flow (snapshot loaded and subscribed);
   * rejects when it cannot be loaded (an unknown route, a bad segment).
   */
  readonly ready: Promise<SeatMapView>;

  constructor(
    private readonly socket: SeatsSocket,
    readonly routeId: string,
    private readonly options: WatchOptions = {},
    /** Says whether closing this watch should end the socket's subscription (no other watch needs it). */
    private readonly releaseSubscription: () => boolean = () => true,
  ) {
    this.state = new SeatMapState(routeId);
    this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
    // Whoever awaits `ready` sees a failure; nobody awaiting it must not crash the process.
    this.ready.catch(() => undefined);
    socket.on('seat_update', this.handleUpdate);
    socket.on('route_update', this.handleUpdate);
    socket.on('resync_required', this.handleResync);
    socket.on('connect', this.handleConnect);
    if (socket.connected) this.handleConnect();
  }

  /** The last route sequence applied to the seat map (0 before the first snapshot). */
  get sequence(): number {
    return this.state.sequence;
  }

  seats(): SeatMapEntryView[] {
    return this.state.seats();
  }

  /**
   * The departure as of `sequence`: `status` (`scheduled` or `cancelled`, with the admin's `reason`),
   * `departureAt` and `stopTimes` when moved. Undefined until the first snapshot.
   */
  get departure(): DepartureView | undefined {
    const departure = this.state.departure;
    if (!departure) return undefined;
    return { ...departure, ...(departure.stopTimes ? { stopTimes: [...departure.stopTimes] } : {}) };
  }

  snapshot(): SeatMapView {
    return this.state.snapshot();
  }

  /** Called with the whole seat map after every change; returns a function that stops listening. */
  onChange(listener: WatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called with every `seat_update` applied, once each, in sequence order (duplicates never reach it). */
  onUpdate(listener: WatchUpdateListener): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  /**
   * Called with the departure once the first snapshot tells it, then each time it changes: a
   * `route_update` applied in sequence (cancelled, moved), or a reloaded snapshot that says otherwise.
   */
  onDepartureChange(listener: WatchDepartureListener): () => void {
    this.departureListeners.add(listener);
    return () => this.departureListeners.delete(listener);
  }

  onError(listener: WatchErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.socket.off('seat_update', this.handleUpdate);
    this.socket.off('route_update', this.handleUpdate);
    this.socket.off('resync_required', this.handleResync);
    this.socket.off('connect', this.handleConnect);
    const lastWatchOfRoute = this.releaseSubscription();
    if (this.socket.connected && lastWatchOfRoute)
      await request(this.socket, 'unsubscribe_route', { routeId: this.routeId }).catch(() => undefined);
  }

  private readonly handleConnect = () => {
    // After a reconnect, carry on from the last applied sequence (the server replays what was missed).
    this.recover(this.state.loaded ? 'replay' : 'snapshot');
  };

  private readonly handleResync = (message: { routeId: string }) => {
    if (message.routeId === this.routeId) this.recover('snapshot');
  };

  private readonly handleUpdate = (update: RouteRoomEvent) => {
    if (update.routeId !== this.routeId || !this.state.loaded || this.closed) return;
    const outcome = this.state.apply(update);
    if (outcome === 'applied') {
      if (update.eventType === 'route_update') this.emitDeparture();
      else for (const listener of this.updateListeners) listener(update);
      this.emitChange();
    } else if (outcome === 'gap') this.recover('replay');
    else if (outcome === 'needs_snapshot') this.recover('snapshot');
  };

  /**
   * Asks for a recovery. One runs at a time. A replay asked for meanwhile is already covered: every
   * recovery ends with a subscribe that makes the server send everything after the sequence held.
   * A snapshot asked for meanwhile follows it: the event that asked may be newer than what loads.
   */
  private recover(mode: Recovery): void {
    if (this.closed) return;
    if (this.running && mode === 'replay') return;
    this.needed = this.needed === 'snapshot' ? 'snapshot' : mode;
    if (!this.running) void this.runRecoveries();
  }

  private async runRecoveries(): Promise<void> {
    clearTimeout(this.retryTimer);
    while (this.needed && !this.closed) {
      const mode = this.needed;
      this.needed = undefined;
      this.running = mode;
      try {
        if (mode === 'snapshot') await this.loadSnapshot();
        await request(this.socket, 'subscribe_route', {
          routeId: this.routeId,
          sinceSequence: this.state.sequence,
        });
        this.settleReady.resolve(this.state.snapshot());
      } catch (error) {
        this.running = undefined;
        this.failed(mode, toProtocolError(error));
        return;
      }
    }
    this.running = undefined;
  }

  private failed(mode: Recovery, error: ProtocolError): void {
    // Another watch of this route on the same socket subscribed again; its events reach us too.
    if (error.code === 'cancelled') {
      if (this.state.loaded) this.settleReady.resolve(this.state.snapshot());
      return void this.runRecoveries();
    }
    // A lost connection is not an error: the reconnect starts a new recovery.
    if (!this.socket.connected || this.closed) {
      this.needed = this.needed === 'snapshot' || mode === 'snapshot' ? 'snapshot' : 'replay';
      return;
    }
    this.emitError(error);
    if (!RETRYABLE.has(error.code)) {
      this.settleReady.reject(error); // a no-op once ready has resolved
      return;
    }
    this.needed = this.needed === 'snapshot' || mode === 'snapshot' ? 'snapshot' : 'replay';
    this.retryTimer = setTimeout(() => void this.runRecoveries(), this.options.retryDelayMs ?? 1000);
  }

  private async loadSnapshot(): Promise<void> {
    const map = await request(this.socket, 'get_seat_availability', {
      routeId: this.routeId,
      ...(this.options.fromCity !== undefined ? { fromCity: this.options.fromCity } : {}),
      ...(this.options.toCity !== undefined ? { toCity: this.options.toCity } : {}),
    });
    const before = this.state.departure;
    this.state.load(map);
    if (!before || !sameDeparture(before, map.departure)) this.emitDeparture();
    this.emitChange();
  }

  private emitChange(): void {
    const map = this.state.snapshot();
    for (const listener of this.listeners) listener(map);
  }

  private emitDeparture(): void {
    const departure = this.departure;
    if (!departure) return;
    for (const listener of this.departureListeners) listener(departure);
  }

  private emitError(error: ProtocolError): void {
    for (const listener of this.errorListeners) listener(error);
  }
}

function sameDeparture(a: DepartureView, b: DepartureView): boolean {
  return (
    a.status === b.status &&
    a.departureAt === b.departureAt &&
    a.reason === b.reason &&
    (a.stopTimes ?? []).join() === (b.stopTimes ?? []).join()
  );
}

function toProtocolError(error: unknown): ProtocolError {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error)
    return { code: String(error.code), message: String(error.message) };
  return { code: 'client_error', message: error instanceof Error ? error.message : String(error) };
}
