import type { ResultAsync } from 'neverthrow';
import type { ErrorOf, PersistenceError } from '../domain/errors';
import type { Segment } from '../domain/route';
import type { Ticket, TicketStatus } from '../domain/ticket';
import type { Instant } from '../domain/time';

export interface TicketQuery {
  ownerId?: string;
  status?: TicketStatus;
  routeId?: string;
  pnrNumber?: string;
  /** At most this many tickets, ordered by creation time, then id. */
  limit: number;
  /** Continue after the ticket with this id (the previous page's last). */
  afterId?: string;
}

/** Another writer changed the ticket since it was read. */
export interface StaleTicket {
  kind: 'stale_ticket';
  ticketId: string;
}

export interface TicketRepository {
  /**
   * The no-double-booking guarantee: inserts the ticket only if no occupying ticket of the same
   * seat overlaps its segment, as one atomic step (a database constraint, not a check then a write).
   */
  insertIfSeatFree(ticket: Ticket): ResultAsync<Ticket, ErrorOf<'seat_unavailable'> | PersistenceError>;
  findById(id: string): ResultAsync<Ticket | undefined, PersistenceError>;
  /** Writes `ticket` only if the stored version is still `ticket.version - 1`. */
  update(ticket: Ticket): ResultAsync<Ticket, StaleTicket | PersistenceError>;
  /**
   * A change of seat: writes `ticket` (an occupying ticket on a new seat of the same segment) only if
   * the stored version is still `ticket.version - 1` (else `stale_ticket`) and no other occupying
   * ticket or active seat hold keeps the new seat on an overlapping segment (else
   * `seat_unavailable`), as one step: the seat it held is free from then on. Callers hold the
   * route's exclusive lock (`BookingLocks.route`), so racing changes of one route wait for each
   * other rather than fail.
   */
  moveSeat(ticket: Ticket): ResultAsync<Ticket, StaleTicket | ErrorOf<'seat_unavailable'> | PersistenceError>;
  /** Occupying tickets of a route (overlapping `segment` when given). */
  findOccupying(routeId: string, segment?: Segment): ResultAsync<Ticket[], PersistenceError>;
  list(query: TicketQuery): ResultAsync<Ticket[], PersistenceError>;
  /** How many `reserved` tickets of this owner still hold their seat at `now` (hold not run out). */
  countOpenHolds(ownerId: string, now: Instant): ResultAsync<number, PersistenceError>;
  /**
   * Reserved tickets whose hold is over at `now` (`holdIsOver`: the hold ran out, or the segment
   * departed), the earliest end (`holdEndsAt`) first.
   */
  findExpiredHolds(now: Instant, limit: number): ResultAsync<Ticket[], PersistenceError>;
}
