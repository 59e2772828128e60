import type { Logger, SeatEventLog } from '@booking/core';
import type { RouteRoomEvent } from './protocol';
import { toRouteRoomEvent } from './views';

/** Who hears a feed's events: the local room, and sockets that are still replaying. */
export interface FeedListener {
  /** Consecutive events, in sequence order: those that became deliverable together (one commit's, or a gap's). */
  events(updates: readonly RouteRoomEvent[]): void;
  /** The log no longer holds events the feed was missing: listeners must reload the seat map. */
  skipped(): void;
}

export interface RouteFeedOptions {
  routeId: string;
  log: Pick<SeatEventLog, 'readAfter' | 'currentSequence'>;
  /** The route's local room; it hears each event before the taps do. */
  room: FeedListener;
  /** How long an early event waits for the missing ones before they are read from the log. */
  gapWaitMs: number;
  logger: Logger;
}

const MAX_GAP_READ = 1000;

/** What reading the route's current sequence gave: the baseline, or a storage failure. */
export type Baseline = Awaited<ReturnType<SeatEventLog['currentSequence']>>;

/**
 * One route's seat events on this process, delivered exactly once each and in sequence order.
 * Events arrive from the bus in any order and possibly twice; the feed drops what it delivered,
 * holds what came early, and reads from the log what stays missing after `gapWaitMs`.
 */
export class RouteFeed {
  /** The highest sequence delivered with every lower one; undefined until the baseline is read. */
  private delivered: number | undefined;
  private readonly early = new Map<number, RouteRoomEvent>();
  private readonly taps = new Set<FeedListener>();
  private expected = 0;
  private gapTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Members (subscribed or subscribing sockets); the registry closes the feed at zero. */
  members = 0;
  /** Resolves once the baseline (the route's current sequence) is known, or failed to be read. */
  readonly ready: Promise<Baseline>;
  failed = false;

  constructor(private readonly options: RouteFeedOptions) {
    this.ready = this.start();
  }

  get routeId(): string {
    return this.options.routeId;
  }

  get lastDelivered(): number | undefined {
    return this.delivered;
  }

  accept(updates: readonly RouteRoomEvent[]): void {
    if (this.closed) return;
    for (const update of updates) {
      if (update.routeId !== this.options.routeId) continue;
      if (this.delivered !== undefined && update.sequence <= this.delivered) continue;
      this.early.set(update.sequence, update);
    }
    if (this.delivered !== undefined) this.drain();
  }

  /** Calls `listener` after the room with every event delivered from now on, until `untap`. */
  tap(listener: FeedListener): void {
    this.taps.add(listener);
  }

  untap(listener: FeedListener): void {
    this.taps.delete(listener);
  }

  /** Someone read `sequence` from the log: make sure the feed catches up to it even if the bus is quiet. */
  expect(sequence: number): void {
    this.expected = Math.max(this.expected, sequence);
    if (this.delivered !== undefined && this.delivered < this.expected) this.armGapTimer();
  }

  /** The bus may have lost events: read where the route is, and fetch from the log what is missing. */
  async catchUp(): Promise<void> {
    if (this.closed || this.delivered === undefined) return;
    const current = await this.options.log.currentSequence(this.routeId);
    if (current.isOk()) this.expect(current.value);
    else
      this.options.logger.warn({ err: current.error, routeId: this.routeId }, 'seat feed could not catch up');
  }

  close(): void {
    this.closed = true;
    this.clearGapTimer();
    this.taps.clear();
    this.early.clear();
  }

  private async start(): Promise<Baseline> {
    const current = await this.options.log.currentSequence(this.options.routeId);
    if (this.closed) return current;
    if (current.isErr()) {
      this.failed = true;
      return current;
    }
    this.delivered = current.value;
    this.drain();
    return current;
  }

  private drain(): void {
    let next = (this.delivered ?? 0) + 1;
    for (const sequence of this.early.keys()) if (sequence < next) this.early.delete(sequence);
    const ready: RouteRoomEvent[] = [];
    for (let update = this.early.get(next); update; update = this.early.get(next)) {
      this.early.delete(next);
      ready.push(update);
      next += 1;
    }
    if (ready.length > 0) {
      this.delivered = next - 1;
      this.notify((listener) => listener.events(ready));
    }
    if (this.early.size > 0 || (this.delivered ?? 0) < this.expected) this.armGapTimer();
    else this.clearGapTimer();
  }

  private notify(call: (listener: FeedListener) => void): void {
    // The room first: a tap that joins the room while handling this batch must not get it twice.
    for (const listener of [this.options.room, ...this.taps]) {
      try {
        call(listener);
      } catch (error) {
        this.options.logger.error({ err: error, routeId: this.routeId }, 'a seat feed listener threw');
      }
    }
  }

  private armGapTimer(delay = this.options.gapWaitMs): void {
    if (this.gapTimer || this.closed) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      void this.fillGap();
    }, delay);
    this.gapTimer.unref();
  }

  private clearGapTimer(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
  }

  /** Reads the missing events from the log; if the log lost them too, skips ahead and says so. */
  private async fillGap(): Promise<void> {
    const from = this.delivered;
    if (from === undefined || this.closed) return;
    const highest = Math.max(this.expected, ...this.early.keys());
    if (highest <= from) return;
    const read = await this.options.log.readAfter(this.routeId, from, Math.min(highest - from, MAX_GAP_READ));
    if (this.closed) return;
    if (read.isErr()) {
      this.options.logger.warn(
        { err: read.error, routeId: this.routeId },
        'seat feed could not read the log',
      );
      this.armGapTimer(Math.min(this.options.gapWaitMs * 10, 5000));
      return;
    }
    this.accept(read.value.map(toRouteRoomEvent));
    if (this.delivered === from && this.early.size > 0) this.skipLostEvents(from);
  }

  private skipLostEvents(from: number): void {
    const resume = Math.min(...this.early.keys()) - 1;
    this.options.logger.warn(
      { routeId: this.routeId, lost: [from + 1, resume] },
      'seat events are missing from the log; subscribers must resync',
    );
    this.delivered = resume;
    this.notify((listener) => listener.skipped());
    this.drain();
  }
}
