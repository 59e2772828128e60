import type { ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';

/**
 * Locks held until the unit of work ends, so a check that reads before it writes (a seat policy)
 * cannot be raced: two units of work that lock the same route (or owner) run one after the other.
 * Take the route lock before the owner lock, and only inside a unit of work.
 */
export interface BookingLocks {
  /** Serialises bookings of one route (e.g. what the gender adjacency rule reads). */
  route(routeId: string): ResultAsync<void, PersistenceError>;
  /**
   * Held by every sale, hold and seat change of the route, which then reads the route again: a
   * change of the departure itself (its cancellation, which takes `route`) waits for the sales in
   * flight, and every sale after it sees the route as changed. Shared holders do not wait for each other.
   */
  routeShared(routeId: string): ResultAsync<void, PersistenceError>;
  /** Serialises bookings of one owner (e.g. a per-customer limit, across routes). */
  owner(ownerId: string): ResultAsync<void, PersistenceError>;
}
