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
  createdAt: Date;
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
    createdAt: { type: 'datetime', length: 3 },
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
