import { EntitySchema } from '@mikro-orm/core';
import { RouteEntity, type RouteRow } from './route.entity';

/**
 * A committed event of a route, and the outbox: `publishedAt` stays null until the event went out.
 * A seat event names its seat, ticket and segment; a `route_update` (the departure cancelled or
 * moved, numbered in the same sequence) names none of them and keeps its fields in `metadata`.
 */
export interface SeatEventRow {
  route: RouteRow;
  sequence: number;
  seatNumber: number | null;
  eventType: string;
  ticketId: string | null;
  fromStopIndex: number | null;
  toStopIndex: number | null;
  metadata: Record<string, unknown>;
  committedAt: Date;
  publishedAt: Date | null;
}

export const SeatEventEntity = new EntitySchema<SeatEventRow>({
  name: 'SeatEventRow',
  tableName: 'seat_events',
  properties: {
    route: { kind: 'm:1', entity: () => RouteEntity, primary: true, deleteRule: 'cascade' },
    sequence: { type: 'integer', primary: true },
    seatNumber: { type: 'integer', nullable: true },
    eventType: { type: 'text' },
    ticketId: { type: 'uuid', nullable: true },
    fromStopIndex: { type: 'integer', nullable: true },
    toStopIndex: { type: 'integer', nullable: true },
    metadata: { type: 'json' },
    committedAt: { type: 'datetime', length: 3 },
    publishedAt: { type: 'datetime', length: 3, nullable: true },
  },
  checks: [
    // Every seat column of a seat event, none of a route update.
    {
      name: 'seat_events_seat_columns',
      expression: `num_nulls(seat_number, ticket_id, from_stop_index, to_stop_index) = case when event_type = 'route_update' then 4 else 0 end`,
    },
  ],
  indexes: [
    {
      name: 'seat_events_unpublished_index',
      expression: `create index "seat_events_unpublished_index" on "seat_events" ("route_id", "sequence") where "published_at" is null`,
    },
  ],
});
