import type { PersistenceError, Route, RouteQuery, RouteRepository, SegmentPrice } from '@booking/core';
import { okAsync, type ResultAsync } from 'neverthrow';
import { isoColumn, isUuid, type Sql } from '../sql';

interface RouteRecord {
  id: string;
  from_city: string;
  to_city: string;
  stops: string[];
  departure_at: string;
  seat_count: number;
  price: string;
  layout: Route['layout'];
  decks: number;
  segment_prices: SegmentPrice[];
  created_at: string;
}

const COLUMNS = [
  'id',
  'from_city',
  'to_city',
  'stops',
  isoColumn('departure_at'),
  'seat_count',
  'price',
  'layout',
  'decks',
  'segment_prices',
  isoColumn('created_at'),
].join(', ');

function toRoute(row: RouteRecord): Route {
  return {
    id: row.id,
    fromCity: row.from_city,
    toCity: row.to_city,
    stops: row.stops,
    departureAt: row.departure_at,
    seatCount: row.seat_count,
    price: Number(row.price),
    layout: row.layout,
    decks: row.decks === 2 ? 2 : 1,
    segmentPrices: row.segment_prices,
    createdAt: row.created_at,
  };
}

export class MikroOrmRouteRepository implements RouteRepository {
  constructor(private readonly sql: Sql) {}

  /** The route and its event counter (at 0) in one statement, so neither exists without the other. */
  insert(route: Route): ResultAsync<Route, PersistenceError> {
    return this.sql
      .rows(
        `with inserted as (
           insert into routes (id, from_city, to_city, stops, departure_at, seat_count, price, layout, decks, segment_prices, created_at)
           values (?, ?, ?, ?::jsonb, ?::timestamptz, ?, ?, ?, ?, ?::jsonb, ?::timestamptz) returning id)
         insert into route_sequences (route_id, last_sequence) select id, 0 from inserted`,
        [
          route.id,
          route.fromCity,
          route.toCity,
          JSON.stringify(route.stops),
          route.departureAt,
          route.seatCount,
          route.price,
          route.layout,
          route.decks,
          JSON.stringify(route.segmentPrices),
          route.createdAt,
        ],
      )
      .map(() => structuredClone(route));
  }

  findById(id: string): ResultAsync<Route | undefined, PersistenceError> {
    if (!isUuid(id)) return okAsync(undefined);
    return this.sql
      .rows<RouteRecord>(`select ${COLUMNS} from routes where id = ?`, [id])
      .map((rows) => (rows[0] ? toRoute(rows[0]) : undefined));
  }

  list(query: RouteQuery): ResultAsync<Route[], PersistenceError> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.departsFrom !== undefined) {
      where.push('departure_at >= ?::timestamptz');
      params.push(query.departsFrom);
    }
    if (query.departsBefore !== undefined) {
      where.push('departure_at < ?::timestamptz');
      params.push(query.departsBefore);
    }
    if (query.stopsIn && query.stopsIn.length > 0) {
      where.push('stops @> ?::jsonb');
      params.push(JSON.stringify(query.stopsIn));
    }
    const filter = where.length > 0 ? `where ${where.join(' and ')}` : '';
    return this.sql
      .rows<RouteRecord>(`select ${COLUMNS} from routes ${filter} order by departure_at, id limit ?`, [
        ...params,
        query.limit,
      ])
      .map((rows) => rows.map(toRoute));
  }
}
