import type { SeatEventLog } from '@booking/core';
import { cancelled } from './error-codes';
import type { ServerError, RouteRoomEvent } from './protocol';
import type { FeedListener, RouteFeed } from './route-feed';
import { toRouteRoomEvent } from './views';

/** What a subscription does to its socket (one sink serves all of a socket's routes). */
export interface SubscriptionSink {
  send(update: RouteRoomEvent): void;
  resyncRequired(routeId: string): void;
  joinRoom(routeId: string): void;
  leaveRoom(routeId: string): void;
}

export interface ReplaySettings {
  log: Pick<SeatEventLog, 'readAfter' | 'currentSequence'>;
  /** More missed events than this answer `resync_required` instead of a replay. */
  maxReplayEvents: number;
  pageSize: number;
}

export type StartResult = { ok: true; sequence: number } | { ok: false; error: ServerError };

type Phase = 'replaying' | 'catching_up' | 'live' | 'cancelled';

/**
 * One socket's subscription to one route, and the replay seam. While the log is read and sent, the
 * feed's live events are queued; then the queue is flushed without what the replay sent. The socket
 * joins the room only once the feed has delivered everything the socket already got, so the room
 * can never send it a sequence twice or skip one.
 */
export class RouteSubscription implements FeedListener {
  private phase: Phase = 'replaying';
  private queue: RouteRoomEvent[] = [];
  private lastSent = 0;
  private feedSkipped = false;

  constructor(
    readonly feed: RouteFeed,
    private readonly sink: SubscriptionSink,
    private readonly settings: ReplaySettings,
  ) {
    // Tapped before anything is read: every event delivered after this moment is seen here.
    feed.tap(this);
  }

  get routeId(): string {
    return this.feed.routeId;
  }

  get isLive(): boolean {
    return this.phase === 'live';
  }

  /**
   * Sends what the client missed since `sinceSequence` (or nothing without it), calls `upToDate`
   * with the sequence the client now has, then switches the socket to live events.
   */
  async start(sinceSequence: number | undefined, upToDate: (sequence: number) => void): Promise<StartResult> {
    const baseline = await this.feed.ready;
    if (baseline.isErr()) return unavailable();
    const current = await this.settings.log.currentSequence(this.feed.routeId);
    if (current.isErr()) return unavailable();
    const replay = sinceSequence === undefined ? [] : await this.readMissed(sinceSequence, current.value);
    if (replay === 'unavailable') return unavailable();
    if (this.phase === 'cancelled') return { ok: false, error: cancelled };

    // From here on everything is synchronous: no live event can slip in between the steps.
    if (replay === 'resync') {
      this.sink.resyncRequired(this.routeId);
      this.lastSent = current.value;
    } else {
      this.lastSent = sinceSequence ?? current.value;
      for (const update of replay) this.sendIfNew(update);
    }
    const announced = this.lastSent;
    upToDate(announced);
    for (const update of this.queue) this.sendIfNew(update);
    this.queue = [];
    if (this.feedSkipped) this.sink.resyncRequired(this.routeId);
    this.phase = 'catching_up';
    this.feed.expect(this.lastSent);
    this.goLiveIfCaughtUp();
    return { ok: true, sequence: announced };
  }

  cancel(): void {
    this.phase = 'cancelled';
    this.feed.untap(this);
    this.queue = [];
    this.sink.leaveRoom(this.routeId);
  }

  private async readMissed(
    since: number,
    current: number,
  ): Promise<RouteRoomEvent[] | 'resync' | 'unavailable'> {
    if (since > current || current - since > this.settings.maxReplayEvents) return 'resync';
    const missed: RouteRoomEvent[] = [];
    let after = since;
    for (;;) {
      const page = await this.settings.log.readAfter(this.feed.routeId, after, this.settings.pageSize);
      if (page.isErr()) return 'unavailable';
      for (const event of page.value) {
        // The log must continue exactly where the client stopped; otherwise it was pruned.
        if (event.sequence !== after + 1) return 'resync';
        missed.push(toRouteRoomEvent(event));
        after = event.sequence;
      }
      if (page.value.length < this.settings.pageSize || after >= current) break;
    }
    return after < current ? 'resync' : missed;
  }

  /** From the feed. Its batch is handled whole: going live halfway would lose the rest (the room had it). */
  events(updates: readonly RouteRoomEvent[]): void {
    if (this.phase === 'replaying') this.queue.push(...updates);
    else if (this.phase === 'catching_up') {
      for (const update of updates) this.sendIfNew(update);
      this.goLiveIfCaughtUp();
    }
  }

  /** From the feed: it skipped events the log no longer holds. */
  skipped(): void {
    if (this.phase === 'replaying') this.feedSkipped = true;
    else if (this.phase === 'catching_up') this.sink.resyncRequired(this.routeId);
  }

  private sendIfNew(update: RouteRoomEvent): void {
    if (update.sequence <= this.lastSent) return;
    this.sink.send(update);
    this.lastSent = update.sequence;
  }

  /** The room takes over once the feed is where this socket is: the next room event is new to it. */
  private goLiveIfCaughtUp(): void {
    const delivered = this.feed.lastDelivered;
    if (delivered === undefined || delivered < this.lastSent) return;
    this.phase = 'live';
    this.feed.untap(this);
    this.sink.joinRoom(this.routeId);
  }
}

const unavailable = (): StartResult => ({
  ok: false,
  error: { code: 'service_unavailable', message: 'Seat events cannot be read right now; try again shortly.' },
});
