import type { ResultAsync } from 'neverthrow';
import type { Boarding } from '../domain/boarding';
import type { PersistenceError } from '../domain/errors';

/** What a record answers: the boarding stored for the ticket, and whether it is the one just given. */
export interface RecordedBoarding {
  boarding: Boarding;
  /** True when this call stored `boarding` (or, with `recordEarliest`, moved the stored one earlier to it). */
  recorded: boolean;
}

/** Who boarded: one row per ticket. */
export interface BoardingRepository {
  /**
   * Stores the boarding unless its ticket has one already, as one atomic step (two scans of one ticket
   * at once: one is recorded, the other answers the first).
   */
  record(boarding: Boarding): ResultAsync<RecordedBoarding, PersistenceError>;
  /**
   * An offline scan: stores the boarding, or moves the stored one to it when it is earlier (the earliest
   * scan wins, whatever the order they arrive in), atomically.
   */
  recordEarliest(boarding: Boarding): ResultAsync<RecordedBoarding, PersistenceError>;
  findByTicket(ticketId: string): ResultAsync<Boarding | undefined, PersistenceError>;
  /** A departure's boardings, the earliest first. */
  listByRoute(routeId: string): ResultAsync<Boarding[], PersistenceError>;
}
