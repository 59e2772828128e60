import type { ResultAsync } from 'neverthrow';
import type { ErrorOf, PersistenceError } from '../domain/errors';
import type { Hold } from '../domain/hold';
import type { Segment } from '../domain/route';
import type { Instant } from '../domain/time';

/** Another writer changed the hold since it was read. */
export interface StaleHold {
  kind: 'stale_hold';
  holdId: string;
}

/**
 * Seat holds. An `active` hold occupies its seats on its segment exactly like an occupying ticket:
 * the storage's one no-double-booking guarantee covers holds and tickets together, so
 * `insertIfSeatsFree` here and `TicketRepository.insertIfSeatFree` refuse each other's seats.
 */
export interface HoldRepository {
  /**
   * Inserts the hold only if none of its seats is occupied on an overlapping segment (by a ticket or
   * another active hold), as one atomic step; all seats or none. A refusal names every taken seat.
   */
  insertIfSeatsFree(hold: Hold): ResultAsync<Hold, ErrorOf<'seat_unavailable'> | PersistenceError>;
  findById(id: string): ResultAsync<Hold | undefined, PersistenceError>;
  /**
   * Writes `hold` only if the stored version is still `hold.version - 1`. A hold that stops being
   * `active` frees its seats in the same step.
   */
  update(hold: Hold): ResultAsync<Hold, StaleHold | PersistenceError>;
  /** Active holds of a route (overlapping `segment` when given), whether or not their time ran out. */
  findActive(routeId: string, segment?: Segment): ResultAsync<Hold[], PersistenceError>;
  /** How many seats this owner's active holds keep at `now` (holds whose time has not run out). */
  countHeldSeats(ownerId: string, now: Instant): ResultAsync<number, PersistenceError>;
  /**
   * Active holds due for the sweep at `now`: their time ran out, or their route departed (the
   * earliest first; the sweep checks each against its segment's departure).
   */
  findDue(now: Instant, limit: number): ResultAsync<Hold[], PersistenceError>;
}
