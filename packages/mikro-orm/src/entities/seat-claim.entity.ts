import { EntitySchema } from '@mikro-orm/core';
import { HoldEntity, type HoldRow } from './hold.entity';
import { RouteEntity, type RouteRow } from './route.entity';
import { TicketEntity, type TicketRow } from './ticket.entity';

/**
 * What occupies seats: one row per occupying ticket (one seat) and per active hold (its seats), for
 * as long as it occupies them. Tickets and holds live in two tables, and an exclusion constraint
 * sees one table only: this one is where the no-double-booking guarantee lives for both.
 */
export interface SeatClaimRow {
  /** The ticket's or the hold's id. */
  id: string;
  route: RouteRow;
  seatNumbers: number[];
  fromStopIndex: number;
  toStopIndex: number;
  ticket: TicketRow | null;
  hold: HoldRow | null;
}

/** The no-double-booking guarantee, enforced by PostgreSQL (needs the btree_gist and intarray extensions). */
export const NO_DOUBLE_BOOKING_CONSTRAINT = 'seat_claims_not_overlapping';

/**
 * No two claims of one route share a seat on overlapping segments. `&&` on `int[]` (any seat in
 * common) is intarray's, indexed by its GiST operator class; ranges are half-open, so the segments
 * 0-2 and 2-4 do not overlap.
 */
export const NO_DOUBLE_BOOKING_SQL =
  `alter table "seat_claims" add constraint "${NO_DOUBLE_BOOKING_CONSTRAINT}" exclude using gist ` +
  `("route_id" with =, "seat_numbers" gist__int_ops with &&, ` +
  `int4range("from_stop_index", "to_stop_index") with &&)`;

export const SeatClaimEntity = new EntitySchema<SeatClaimRow>({
  name: 'SeatClaimRow',
  tableName: 'seat_claims',
  properties: {
    id: { type: 'uuid', primary: true },
    route: { kind: 'm:1', entity: () => RouteEntity, deleteRule: 'cascade' },
    seatNumbers: { type: 'unknown', columnType: 'int[]' },
    fromStopIndex: { type: 'integer' },
    toStopIndex: { type: 'integer' },
    ticket: { kind: 'm:1', entity: () => TicketEntity, nullable: true, deleteRule: 'cascade' },
    hold: { kind: 'm:1', entity: () => HoldEntity, nullable: true, deleteRule: 'cascade' },
  },
  checks: [
    // A claim belongs to exactly one ticket or one hold, and has its id.
    {
      name: 'seat_claims_one_holder',
      expression: 'id = coalesce(ticket_id, hold_id) and num_nonnulls(ticket_id, hold_id) = 1',
    },
    // A claim of no seat, or of an empty segment, would overlap nothing and guard nothing.
    {
      name: 'seat_claims_not_empty',
      expression: 'cardinality(seat_numbers) > 0 and from_stop_index < to_stop_index',
    },
  ],
  indexes: [
    // Declared here too, so the schema diff knows the constraint and never proposes dropping it.
    { name: NO_DOUBLE_BOOKING_CONSTRAINT, expression: NO_DOUBLE_BOOKING_SQL },
  ],
});
