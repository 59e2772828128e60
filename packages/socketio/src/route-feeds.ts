import type { RouteRoomEvent } from './protocol';
import { RouteFeed, type FeedListener, type RouteFeedOptions } from './route-feed';

/** Feeds that read their route's sequence at once when catching up: a share of the pool, not all of it. */
const CATCH_UP_AT_ONCE = 4;

export type FeedSettings = Omit<RouteFeedOptions, 'routeId' | 'room'>;

/**
 * The feeds of the routes that have local subscribers: created by the first, closed after the last.
 * Events of routes nobody here watches are dropped on arrival.
 */
export class RouteFeeds {
  private readonly feeds = new Map<string, RouteFeed>();

  constructor(
    private readonly settings: FeedSettings,
    private readonly roomOf: (routeId: string) => FeedListener,
  ) {}

  acquire(routeId: string): RouteFeed {
    let feed = this.feeds.get(routeId);
    // A feed whose baseline could not be read is useless: the next subscriber starts a fresh one.
    if (!feed || feed.failed) {
      feed = new RouteFeed({ ...this.settings, routeId, room: this.roomOf(routeId) });
      this.feeds.set(routeId, feed);
    }
    feed.members += 1;
    return feed;
  }

  release(feed: RouteFeed): void {
    feed.members -= 1;
    if (feed.members > 0) return;
    feed.close();
    if (this.feeds.get(feed.routeId) === feed) this.feeds.delete(feed.routeId);
  }

  /** One bus message's events: each feed gets its route's together, so they go out together. */
  accept(updates: readonly RouteRoomEvent[]): void {
    const byRoute = new Map<string, RouteRoomEvent[]>();
    for (const update of updates) {
      if (!this.feeds.has(update.routeId)) continue;
      const routeUpdates = byRoute.get(update.routeId);
      if (routeUpdates) routeUpdates.push(update);
      else byRoute.set(update.routeId, [update]);
    }
    for (const [routeId, routeUpdates] of byRoute) this.feeds.get(routeId)?.accept(routeUpdates);
  }

  /** Every feed checks the log for events the bus may have lost, a few at a time (one query each). */
  async catchUp(): Promise<void> {
    const feeds = [...this.feeds.values()];
    for (let start = 0; start < feeds.length; start += CATCH_UP_AT_ONCE) {
      await Promise.all(feeds.slice(start, start + CATCH_UP_AT_ONCE).map((feed) => feed.catchUp()));
    }
  }

  get size(): number {
    return this.feeds.size;
  }

  closeAll(): void {
    for (const feed of this.feeds.values()) feed.close();
    this.feeds.clear();
  }
}
