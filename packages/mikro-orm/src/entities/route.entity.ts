import { ROUTE_STATUSES } from '@booking/core';
import { EntitySchema } from '@mikro-orm/core';

/** A row of `routes`: a route as stored (the core's `Route` stays free of ORM concerns). */
export interface RouteRow {
  id: string;
  fromCity: string;
  toCity: string;
  stops: string[];
  departureAt: Date;
  seatCount: number;
  price: string;
  layout: string;
  decks: number;
  segmentPrices: unknown[];
  status: string;
  cancelReason: string | null;
  stopTimes: Date[] | null;
  scheduledDepartureAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const RouteEntity = new EntitySchema<RouteRow>({
  name: 'RouteRow',
  tableName: 'routes',
  properties: {
    id: { type: 'uuid', primary: true },
    fromCity: { type: 'text' },
    toCity: { type: 'text' },
    stops: { type: 'json' },
    departureAt: { type: 'datetime', length: 3 },
    seatCount: { type: 'integer' },
    price: { type: 'decimal', precision: 10, scale: 2 },
    layout: { type: 'text' },
    decks: { type: 'integer', default: 1 },
    segmentPrices: { type: 'json' },
    // A text column with the check constraint `routes_status_check` (one of the core's statuses).
    status: { enum: true, items: [...ROUTE_STATUSES], default: 'scheduled' },
    cancelReason: { type: 'text', nullable: true },
    // One time per stop (milliseconds, like every instant of the core).
    stopTimes: { type: 'unknown', columnType: 'timestamptz[]', nullable: true },
    scheduledDepartureAt: { type: 'datetime', length: 3 },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3 },
  },
  indexes: [
    { name: 'routes_departure_at_index', properties: ['departureAt', 'id'] },
    // Route search asks "stops in every one of these cities": jsonb containment, served by GIN.
    {
      name: 'routes_stops_index',
      expression: 'create index "routes_stops_index" on "routes" using gin ("stops" jsonb_path_ops)',
    },
  ],
});
