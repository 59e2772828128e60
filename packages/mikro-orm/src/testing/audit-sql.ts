import { OCCUPYING_SQL } from '../entities/ticket.entity';

/**
 * The audit the no-double-booking guarantee is checked with, in plain SQL apart from the code under
 * test (the constraint and the repository): pairs of occupying tickets (the core's statuses) of one
 * seat of route `?` whose segments overlap (must be 0).
 */
export const OVERLAPPING_TICKETS_SQL = `select count(*) as count from tickets a join tickets b
     on a.route_id = b.route_id and a.seat_number = b.seat_number and a.id < b.id
    and int4range(a.from_stop_index, a.to_stop_index) && int4range(b.from_stop_index, b.to_stop_index)
  where a.route_id = ? and a.status in (${OCCUPYING_SQL}) and b.status in (${OCCUPYING_SQL})`;
