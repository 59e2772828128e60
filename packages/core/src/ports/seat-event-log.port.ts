import type { ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { RouteEvent, RouteEventDraft } from '../domain/route-event';
import type { Instant } from '../domain/time';

/**
 * The source of truth for seat events (and the route's own `route_update`s, in the same sequence), and the outbox: every event is written in the unit of work
 * that made the change, and remembers whether it has been published.
 */
export interface SeatEventLog {
  /**
   * Gives each draft its route's next sequence (1, 2, 3, ... without gaps, in commit order) and the
   * commit time. Must run inside a unit of work; the sequence counter stays locked until it ends.
   */
  append(
    drafts: readonly RouteEventDraft[],
    committedAt: Instant,
  ): ResultAsync<RouteEvent[], PersistenceError>;
  /** Up to `limit` events of a route with a sequence above `afterSequence`, in order. */
  readAfter(
    routeId: string,
    afterSequence: number,
    limit: number,
  ): ResultAsync<RouteEvent[], PersistenceError>;
  /** The route's last assigned sequence (0 before its first event). */
  currentSequence(routeId: string): ResultAsync<number, PersistenceError>;
  /** Committed events never marked published, in sequence order per route. */
  unpublished(limit: number): ResultAsync<RouteEvent[], PersistenceError>;
  markPublished(
    events: readonly Pick<RouteEvent, 'routeId' | 'sequence'>[],
  ): ResultAsync<void, PersistenceError>;
}
