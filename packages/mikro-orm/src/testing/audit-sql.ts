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

/** The seats each occupying ticket and each active hold of route `?` keeps, one row per seat. */
const OCCUPANTS_OF_ROUTE = `select id, seat_number, from_stop_index, to_stop_index from tickets
    where route_id = ? and status in (${OCCUPYING_SQL})
  union all
  select id, unnest(seat_numbers), from_stop_index, to_stop_index from holds
    where route_id = ? and status = 'active'`;

/**
 * The same audit over tickets and holds together, from their own tables (not from `seat_claims`,
 * the mechanism under test): seats of route `?` (given twice) that two occupants keep on
 * overlapping segments (must be 0).
 */
export const OVERLAPPING_OCCUPANTS_SQL = `with occupants as (${OCCUPANTS_OF_ROUTE})
  select count(*) as count from occupants a join occupants b
     on a.seat_number = b.seat_number and a.id < b.id
    and int4range(a.from_stop_index, a.to_stop_index) && int4range(b.from_stop_index, b.to_stop_index)`;

/**
 * Claims out of step with what occupies route `?` (given three times): an occupying ticket or an
 * active hold without its exact claim, or a claim whose ticket or hold no longer occupies (must be 0).
 */
export const CLAIMS_OUT_OF_STEP_SQL = `select
  (select count(*) from tickets t where t.route_id = ? and t.status in (${OCCUPYING_SQL})
     and not exists (select 1 from seat_claims c where c.id = t.id and c.ticket_id = t.id
       and c.seat_numbers = array[t.seat_number]
       and (c.from_stop_index, c.to_stop_index) = (t.from_stop_index, t.to_stop_index)))
  + (select count(*) from holds h where h.route_id = ? and h.status = 'active'
     and not exists (select 1 from seat_claims c where c.id = h.id and c.hold_id = h.id
       and c.seat_numbers = h.seat_numbers
       and (c.from_stop_index, c.to_stop_index) = (h.from_stop_index, h.to_stop_index)))
  + (select count(*) from seat_claims c where c.route_id = ?
     and not exists (select 1 from tickets t where t.id = c.ticket_id and t.status in (${OCCUPYING_SQL}))
     and not exists (select 1 from holds h where h.id = c.hold_id and h.status = 'active'))
  as count`;
