import type { Hold, Segment, Ticket } from '@booking/core';
import { column, ColumnMap, integer, integers, nullable, uuid } from '../column-map';
import { SeatClaimEntity } from '../entities/seat-claim.entity';

/** One row of `seat_claims`: the seats an occupying ticket or an active hold keeps on its segment. */
export interface SeatClaim extends Segment {
  /** The ticket's or the hold's id. */
  id: string;
  routeId: string;
  seatNumbers: number[];
  ticketId: string | null;
  holdId: string | null;
}

export const SEAT_CLAIM_COLUMNS = new ColumnMap<SeatClaim>(SeatClaimEntity, {
  id: column('id', uuid()),
  routeId: column('route_id', uuid()),
  seatNumbers: column('seat_numbers', integers()),
  fromStopIndex: column('from_stop_index', integer()),
  toStopIndex: column('to_stop_index', integer()),
  ticketId: column('ticket_id', nullable(uuid())),
  holdId: column('hold_id', nullable(uuid())),
});

const INSERTED = SEAT_CLAIM_COLUMNS.every;

export function ticketClaim(ticket: Ticket): SeatClaim {
  const { id, routeId, seatNumber, fromStopIndex, toStopIndex } = ticket;
  return { id, routeId, seatNumbers: [seatNumber], fromStopIndex, toStopIndex, ticketId: id, holdId: null };
}

export function holdClaim(hold: Hold): SeatClaim {
  const { id, routeId, seatNumbers, fromStopIndex, toStopIndex } = hold;
  return {
    id,
    routeId,
    seatNumbers: [...seatNumbers],
    fromStopIndex,
    toStopIndex,
    ticketId: null,
    holdId: id,
  };
}

/**
 * `claim`, a CTE that yields the claim's id when the exclusion constraint lets it in and nothing
 * when an overlapping claim shares a seat. `on conflict do nothing` waits for a concurrent claim of
 * the seat to commit or roll back, and turns a violation into "no row", so a refusal leaves the
 * surrounding transaction usable. A hold's seats are one row: they go in all together or not at all.
 * Its parameters come first: `claimParams(claim)`.
 */
export const CLAIM_CTE = `claim as (
  insert into seat_claims (${INSERTED.columns}) values (${INSERTED.placeholders})
  on conflict do nothing returning id
)`;

export const claimParams = (claim: SeatClaim): unknown[] => INSERTED.params(claim);

/**
 * `freed`, a CTE that deletes the claim of each row of the CTE `updated` (its `id` and `status`)
 * whose new status no longer occupies seats (`occupying`: an SQL condition on `updated.status`).
 * Written in the statement of the update itself, so no moment sees the new status with the old claim.
 */
export const freedCte = (occupying: string): string => `freed as (
  delete from seat_claims using updated
  where seat_claims.id = updated.id and not (${occupying})
)`;

/**
 * The seats of `seatNumbers` that a claim on `segment` of route `routeId` keeps, ascending. Read in a
 * statement of its own after a refusal, so it sees the claim that won a race with it.
 */
export const TAKEN_SEATS_SQL = `select distinct seat from seat_claims, unnest(seat_numbers) as seat
  where route_id = ?::uuid and seat_numbers && ?::int[]
    and int4range(from_stop_index, to_stop_index) && int4range(?::int, ?::int)
    and seat = any(?::int[])
  order by seat`;

export function takenSeatsParams(
  routeId: string,
  seatNumbers: readonly number[],
  segment: Segment,
): unknown[] {
  const seats = integers().write([...seatNumbers]);
  return [routeId, seats, segment.fromStopIndex, segment.toStopIndex, seats];
}
