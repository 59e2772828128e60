import type {
  DeckCount,
  PersistenceError,
  Route,
  RouteQuery,
  RouteRepository,
  RouteStatus,
  SeatLayout,
  SegmentPrice,
} from '@booking/core';
import { okAsync, type ResultAsync } from 'neverthrow';
import {
  column,
  ColumnMap,
  decimal,
  instant,
  instants,
  integer,
  json,
  nullable,
  text,
  uuid,
  type StoredRow,
} from '../column-map';
import { RouteEntity } from '../entities/route.entity';
import { isUuid, type Sql } from '../sql';

/** The `routes` table, column by column: every statement below takes its columns from here. */
export const ROUTE_COLUMNS = new ColumnMap<Route>(RouteEntity, {
  id: column('id', uuid()),
  fromCity: column('from_city', text()),
  toCity: column('to_city', text()),
  stops: column('stops', json<string[]>()),
  departureAt: column('departure_at', instant()),
  seatCount: column('seat_count', integer()),
  price: column('price', decimal()),
  layout: column('layout', text<SeatLayout>()),
  decks: column('decks', { ...integer<DeckCount>(), read: (stored) => (stored === 2 ? 2 : 1) }),
  segmentPrices: column('segment_prices', json<SegmentPrice[]>()),
  status: column('status', text<RouteStatus>()),
  cancelReason: column('cancel_reason', nullable(text())),
  stopTimes: column('stop_times', nullable(instants())),
  scheduledDepartureAt: column('scheduled_departure_at', instant()),
  createdAt: column('created_at', instant()),
  updatedAt: column('updated_at', instant()),
});

const COLUMNS = ROUTE_COLUMNS.selectList;
const INSERTED = ROUTE_COLUMNS.every;
const UPDATED = ROUTE_COLUMNS.fieldsExcept('id');

export class MikroOrmRouteRepository implements RouteRepository {
  constructor(private readonly sql: Sql) {}

  /** The route and its event counter (at 0) in one statement, so neither exists without the other. */
  insert(route: Route): ResultAsync<Route, PersistenceError> {
    return this.sql
      .rows(
        `with inserted as (
           insert into routes (${INSERTED.columns}) values (${INSERTED.placeholders}) returning id)
         insert into route_sequences (route_id, last_sequence) select id, 0 from inserted`,
        INSERTED.params(route),
      )
      .map(() => structuredClone(route));
  }

  findById(id: string): ResultAsync<Route | undefined, PersistenceError> {
    if (!isUuid(id)) return okAsync(undefined);
    return this.sql
      .rows<StoredRow>(`select ${COLUMNS} from routes where id = ?`, [id])
      .map((rows) => (rows[0] ? ROUTE_COLUMNS.read(rows[0]) : undefined));
  }

  /** Every field but the id, as given: the caller holds the route's exclusive lock (`BookingLocks.route`). */
  update(route: Route): ResultAsync<Route, PersistenceError> {
    if (!isUuid(route.id)) throw new Error(`route ${route.id} updated before it was inserted`);
    return this.sql
      .rows<{ id: string }>(`update routes set ${UPDATED.assignments} where id = ? returning id`, [
        ...UPDATED.params(route),
        route.id,
      ])
      .map((rows) => {
        if (rows.length !== 1) throw new Error(`route ${route.id} updated before it was inserted`);
        return structuredClone(route);
      });
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
      .rows<StoredRow>(`select ${COLUMNS} from routes ${filter} order by departure_at, id limit ?`, [
        ...params,
        query.limit,
      ])
      .map((rows) => rows.map(ROUTE_COLUMNS.read));
  }
}
