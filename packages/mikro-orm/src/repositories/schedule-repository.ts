import type {
  DepartureAdded,
  Instant,
  PersistenceError,
  Route,
  Schedule,
  ScheduleDeparture,
  ScheduleFound,
  ScheduleRepository,
} from '@booking/core';
import { okAsync, type ResultAsync } from 'neverthrow';
import { isUuid, type Sql } from '../sql';
import { ROUTE_COLUMNS } from './route-repository';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const SCHEDULE_COLUMNS = `id, definition, key, line_key, to_char(created_at at time zone 'UTC', ${ISO}) as created_at`;

interface ScheduleRow {
  id: string;
  definition: Omit<Schedule, 'id' | 'key' | 'lineKey' | 'createdAt'>;
  key: string;
  line_key: string;
  created_at: Instant;
}

const toSchedule = (row: ScheduleRow): Schedule => ({
  id: row.id,
  ...row.definition,
  key: row.key,
  lineKey: row.line_key,
  createdAt: row.created_at,
});

/**
 * Schedules and their departures in PostgreSQL. A departure is stored by one statement with its
 * route (and the route's event counter): the primary key of `schedule_departures` (the digest of
 * the line, the instant) lets one writer in, concurrent or repeated; the others store nothing.
 */
export class MikroOrmScheduleRepository implements ScheduleRepository {
  constructor(private readonly sql: Sql) {}

  insertOrFind(schedule: Schedule): ResultAsync<ScheduleFound, PersistenceError> {
    const { id, key, lineKey, createdAt, ...definition } = schedule;
    return this.sql
      .rows<{ id: string }>(
        `insert into schedules (id, definition, key, line_key, key_hash, created_at)
         values (?::uuid, ?::jsonb, ?, ?, md5(?), ?::timestamptz)
         on conflict (key_hash) do nothing returning id`,
        [id, JSON.stringify(definition), key, lineKey, key, createdAt],
      )
      .andThen((inserted) => {
        if (inserted.length > 0) return okAsync({ schedule, created: true });
        return this.sql
          .rows<ScheduleRow>(`select ${SCHEDULE_COLUMNS} from schedules where key_hash = md5(?)`, [key])
          .map((rows) => {
            const kept = rows[0];
            if (!kept) throw new Error('a schedule with this key was just found, then not');
            return { schedule: toSchedule(kept), created: false };
          });
      });
  }

  findById(id: string): ResultAsync<Schedule | undefined, PersistenceError> {
    if (!isUuid(id)) return okAsync(undefined);
    return this.sql
      .rows<ScheduleRow>(`select ${SCHEDULE_COLUMNS} from schedules where id = ?`, [id])
      .map((rows) => (rows[0] ? toSchedule(rows[0]) : undefined));
  }

  list(limit: number): ResultAsync<Schedule[], PersistenceError> {
    return this.sql
      .rows<ScheduleRow>(`select ${SCHEDULE_COLUMNS} from schedules order by created_at, id limit ?`, [limit])
      .map((rows) => rows.map(toSchedule));
  }

  addDeparture(
    schedule: Pick<Schedule, 'id' | 'lineKey'>,
    route: Route,
  ): ResultAsync<DepartureAdded, PersistenceError> {
    const fields = ROUTE_COLUMNS.every;
    return this.sql
      .rows<{ route_id: string }>(
        `with link as (
           insert into schedule_departures (line_hash, departure_at, route_id, schedule_id)
           values (md5(?), ?::timestamptz, ?::uuid, ?::uuid)
           on conflict (line_hash, departure_at) do nothing
           returning route_id),
         inserted as (
           insert into routes (${fields.columns}) select ${fields.placeholders}
           where exists (select 1 from link) returning id),
         counter as (
           insert into route_sequences (route_id, last_sequence) select id, 0 from inserted)
         select route_id from link`,
        [schedule.lineKey, route.departureAt, route.id, schedule.id, ...fields.params(route)],
      )
      .andThen((added) => {
        if (added.length > 0) return okAsync({ routeId: route.id, scheduleId: schedule.id, added: true });
        // The line departs then already: a departure whose schedule was deleted passes to this one.
        return this.sql
          .rows<{ route_id: string; schedule_id: string }>(
            `update schedule_departures set schedule_id = coalesce(schedule_id, ?::uuid)
             where line_hash = md5(?) and departure_at = ?::timestamptz
             returning route_id, schedule_id`,
            [schedule.id, schedule.lineKey, route.departureAt],
          )
          .map((rows) => {
            const existing = rows[0];
            if (!existing) throw new Error('a departure of the line was just taken, then not found');
            return { routeId: existing.route_id, scheduleId: existing.schedule_id, added: false };
          });
      });
  }

  departures(scheduleId: string): ResultAsync<ScheduleDeparture[], PersistenceError> {
    if (!isUuid(scheduleId)) return okAsync([]);
    return this.sql
      .rows<{ route_id: string; departure_at: Instant }>(
        `select route_id, to_char(departure_at at time zone 'UTC', ${ISO}) as departure_at
         from schedule_departures where schedule_id = ? order by departure_at, route_id`,
        [scheduleId],
      )
      .map((rows) => rows.map((r) => ({ routeId: r.route_id, departureAt: r.departure_at })));
  }

  /**
   * One statement: the route (its event counter, events and ended holds go with it, by their
   * foreign keys) and its departure row. The caller holds the route's lock, so no sale is in flight.
   */
  removeUnusedRoute(routeId: string, now: Instant): ResultAsync<boolean, PersistenceError> {
    if (!isUuid(routeId)) return okAsync(false);
    return this.sql
      .rows<{ id: string }>(
        `with gone as (
           delete from routes where id = ? and departure_at > ?::timestamptz
             and not exists (select 1 from tickets where tickets.route_id = routes.id)
             and not exists (select 1 from holds where holds.route_id = routes.id and holds.status = 'active')
           returning id),
         unlinked as (delete from schedule_departures where route_id in (select id from gone))
         select id from gone`,
        [routeId, now],
      )
      .map((rows) => rows.length > 0);
  }

  delete(scheduleId: string): ResultAsync<void, PersistenceError> {
    if (!isUuid(scheduleId)) return okAsync(undefined);
    return this.sql
      .rows(
        `with forgotten as (delete from schedules where id = ?::uuid returning id)
         update schedule_departures set schedule_id = null where schedule_id in (select id from forgotten)`,
        [scheduleId],
      )
      .map(() => undefined);
  }
}
