import { EntitySchema } from '@mikro-orm/core';
import { RouteEntity, type RouteRow } from './route.entity';

/** A committed seat event, and the outbox: `publishedAt` stays null until the event went out. */
export interface SeatEventRow {
  route: RouteRow;
  sequence: number;
  seatNumber: number;
  eventType: string;
  ticketId: string;
  fromStopIndex: number;
  toStopIndex: number;
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
    seatNumber: { type: 'integer' },
    eventType: { type: 'text' },
    ticketId: { type: 'uuid' },
    fromStopIndex: { type: 'integer' },
    toStopIndex: { type: 'integer' },
    metadata: { type: 'json' },
    committedAt: { type: 'datetime', length: 3 },
    publishedAt: { type: 'datetime', length: 3, nullable: true },
  },
  indexes: [
    {
      name: 'seat_events_unpublished_index',
      expression: `create index "seat_events_unpublished_index" on "seat_events" ("route_id", "sequence") where "published_at" is null`,
    },
  ],
});
