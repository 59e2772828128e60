import type {
  Instant,
  PersistenceError,
  RouteEvent,
  RouteEventDraft,
  RouteUpdateDraft,
  SeatEventLog,
  SeatEventMetadata,
} from '@booking/core';
import { okAsync, type ResultAsync } from 'neverthrow';
import {
  column,
  ColumnMap,
  instant,
  integer,
  json,
  nullable,
  text,
  uuid,
  type StoredRow,
} from '../column-map';
import { SeatEventEntity } from '../entities/seat-event.entity';
import { isUuid, type Sql } from '../sql';

/** What a `route_update` keeps in `metadata`: the fields a seat event has no column for. */
type RouteUpdateFields = Pick<RouteUpdateDraft, 'status' | 'departureAt' | 'stopTimes' | 'reason'>;

/**
 * A row of `seat_events`: a seat event as it is, or a route update with no seat, ticket or segment
 * and its own fields in `metadata`. `toStored` and `fromStored` convert; readers get the core's
 * shapes only.
 */
interface StoredEvent {
  routeId: string;
  sequence: number;
  eventType: RouteEvent['eventType'];
  seatNumber: number | null;
  ticketId: string | null;
  fromStopIndex: number | null;
  toStopIndex: number | null;
  metadata: SeatEventMetadata | RouteUpdateFields;
  timestamp: Instant;
}

type StoredDraft = Omit<StoredEvent, 'sequence' | 'timestamp'>;

/**
 * The `seat_events` table, column by column: every statement below takes its columns from here.
 * `published_at` is the outbox mark, set by `markPublished` alone.
 */
export const SEAT_EVENT_COLUMNS = new ColumnMap<StoredEvent>(
  SeatEventEntity,
  {
    routeId: column('route_id', uuid()),
    sequence: column('sequence', integer()),
    seatNumber: column('seat_number', nullable(integer())),
    eventType: column('event_type', text<RouteEvent['eventType']>()),
    ticketId: column('ticket_id', nullable(uuid())),
    fromStopIndex: column('from_stop_index', nullable(integer())),
    toStopIndex: column('to_stop_index', nullable(integer())),
    metadata: column('metadata', json<SeatEventMetadata | RouteUpdateFields>()),
    timestamp: column('committed_at', instant()),
  },
  ['published_at'],
);

const COLUMNS = SEAT_EVENT_COLUMNS.selectList;
const INSERTED = SEAT_EVENT_COLUMNS.every;
/** What a draft brings; the log adds the route's next sequences and the commit time. */
const DRAFTED = SEAT_EVENT_COLUMNS.fields([
  'seatNumber',
  'eventType',
  'ticketId',
  'fromStopIndex',
  'toStopIndex',
  'metadata',
]);

function toStored(draft: RouteEventDraft): StoredDraft {
  if (draft.eventType !== 'route_update') return draft;
  const { routeId, eventType, status, departureAt, stopTimes, reason } = draft;
  return {
    routeId,
    eventType,
    seatNumber: null,
    ticketId: null,
    fromStopIndex: null,
    toStopIndex: null,
    metadata: {
      status,
      departureAt,
      ...(stopTimes !== undefined ? { stopTimes } : {}),
      ...(reason !== undefined ? { reason } : {}),
    },
  };
}

/** A row as the core's event: exactly its fields, nothing of the other kind. */
function fromStored(row: StoredRow): RouteEvent {
  const stored = SEAT_EVENT_COLUMNS.read(row);
  const { routeId, sequence, eventType, timestamp } = stored;
  if (eventType === 'route_update') {
    const { status, departureAt, stopTimes, reason } = stored.metadata as RouteUpdateFields;
    return {
      routeId,
      eventType,
      status,
      departureAt,
      ...(stopTimes !== undefined ? { stopTimes } : {}),
      ...(reason !== undefined ? { reason } : {}),
      sequence,
      timestamp,
    };
  }
  const { seatNumber, ticketId, fromStopIndex, toStopIndex } = stored;
  // The table's check constraint keeps these set on every seat event.
  if (seatNumber === null || ticketId === null || fromStopIndex === null || toStopIndex === null) {
    throw new Error(`seat event ${routeId}/${sequence} stored without its seat`);
  }
  return {
    routeId,
    sequence,
    seatNumber,
    eventType,
    ticketId,
    fromStopIndex,
    toStopIndex,
    metadata: stored.metadata as SeatEventMetadata,
    timestamp,
  };
}

export class MikroOrmSeatEventLog implements SeatEventLog {
  constructor(private readonly sql: Sql) {}

  /**
   * Takes each route's counter row with `insert ... on conflict do update ... returning`: the row
   * stays locked until the transaction ends, so a concurrent booking of the same route waits and
   * continues from the committed value (no gaps, commit order). Routes are locked in id order so
   * two transactions that touch the same routes cannot deadlock.
   */
  append(
    drafts: readonly RouteEventDraft[],
    committedAt: Instant,
  ): ResultAsync<RouteEvent[], PersistenceError> {
    if (!this.sql.transaction) throw new Error('SeatEventLog.append must run inside a unit of work');
    if (drafts.length === 0) return okAsync([]);
    const timestamp = new Date(committedAt).toISOString();
    const routeIds = [...new Set(drafts.map((d) => d.routeId))].sort();
    if (routeIds.length === 1) return this.appendToOneRoute(drafts, timestamp);
    const counts = new Map<string, number>();
    for (const draft of drafts) counts.set(draft.routeId, (counts.get(draft.routeId) ?? 0) + 1);
    const next = new Map<string, number>();
    const reserve = routeIds.reduce(
      (chain, routeId) =>
        chain.andThen(() =>
          this.sql
            .rows<{ last_sequence: number }>(
              `insert into route_sequences (route_id, last_sequence) values (?, ?)
               on conflict (route_id) do update set last_sequence = route_sequences.last_sequence + excluded.last_sequence
               returning last_sequence`,
              [routeId, counts.get(routeId)],
            )
            .map((rows) => {
              const last = rows[0]?.last_sequence ?? 0;
              next.set(routeId, last - (counts.get(routeId) ?? 0) + 1);
            }),
        ),
      okAsync<void, PersistenceError>(undefined) as ResultAsync<void, PersistenceError>,
    );
    return reserve.andThen(() => {
      const events: RouteEvent[] = drafts.map((draft) => {
        const sequence = next.get(draft.routeId) ?? 1;
        next.set(draft.routeId, sequence + 1);
        return { ...structuredClone(draft), sequence, timestamp };
      });
      const rows = events.map(() => `(${INSERTED.placeholders})`).join(', ');
      return this.sql
        .rows(
          `insert into seat_events (${INSERTED.columns}) values ${rows}`,
          events.flatMap((event) =>
            INSERTED.params({ ...toStored(event), sequence: event.sequence, timestamp }),
          ),
        )
        .map(() => events);
    });
  }

  /**
   * The usual case (every booking, cancel or payment touches one route): the counter row and the
   * events in one statement, one round trip instead of two. The counter row is taken exactly as
   * above (locked until the transaction ends); the events get its last `count` sequences, in order.
   */
  private appendToOneRoute(
    drafts: readonly RouteEventDraft[],
    timestamp: Instant,
  ): ResultAsync<RouteEvent[], PersistenceError> {
    const routeId = (drafts[0] as RouteEventDraft).routeId;
    const count = drafts.length;
    const rows = drafts.map(() => `(?::int, ${DRAFTED.placeholders})`).join(', ');
    const params = drafts.flatMap((draft, i) => [i + 1, ...DRAFTED.params(toStored(draft))]);
    return this.sql
      .rows<{ sequence: number }>(
        `with reserved as (
           insert into route_sequences (route_id, last_sequence) values (?, ?)
           on conflict (route_id) do update set last_sequence = route_sequences.last_sequence + excluded.last_sequence
           returning last_sequence)
         insert into seat_events (route_id, sequence, committed_at, ${DRAFTED.columns})
         select ?::uuid, reserved.last_sequence - ?::int + draft.ord, ?::timestamptz, ${DRAFTED.qualified('draft')}
         from reserved, (values ${rows}) as draft(ord, ${DRAFTED.columns})
         returning sequence`,
        [routeId, count, routeId, count, timestamp, ...params],
      )
      .map((inserted) => {
        if (inserted.length !== count) throw new Error(`appended ${inserted.length} of ${count} seat events`);
        const first = Math.max(...inserted.map((row) => row.sequence)) - count + 1;
        return drafts.map((draft, i): RouteEvent => ({
          ...structuredClone(draft),
          sequence: first + i,
          timestamp,
        }));
      });
  }

  readAfter(
    routeId: string,
    afterSequence: number,
    limit: number,
  ): ResultAsync<RouteEvent[], PersistenceError> {
    if (!isUuid(routeId)) return okAsync([]);
    return this.sql
      .rows<StoredRow>(
        // numeric: a client's `sinceSequence` may be any number; it must not overflow an int cast.
        `select ${COLUMNS} from seat_events where route_id = ? and sequence > ?::numeric order by sequence limit ?`,
        [routeId, afterSequence, limit],
      )
      .map((rows) => rows.map(fromStored));
  }

  currentSequence(routeId: string): ResultAsync<number, PersistenceError> {
    if (!isUuid(routeId)) return okAsync(0);
    return this.sql
      .rows<{ last_sequence: number }>('select last_sequence from route_sequences where route_id = ?', [
        routeId,
      ])
      .map((rows) => rows[0]?.last_sequence ?? 0);
  }

  /** Routes whose oldest pending event is oldest come first; within a route, strictly by sequence. */
  unpublished(limit: number): ResultAsync<RouteEvent[], PersistenceError> {
    return this.sql
      .rows<StoredRow>(
        `select ${COLUMNS} from seat_events where published_at is null
         order by min(committed_at) over (partition by route_id), route_id, sequence limit ?`,
        [limit],
      )
      .map((rows) => rows.map(fromStored));
  }

  markPublished(
    events: readonly Pick<RouteEvent, 'routeId' | 'sequence'>[],
  ): ResultAsync<void, PersistenceError> {
    const keys = events
      .filter((e) => isUuid(e.routeId))
      .map((e) => ({ route_id: e.routeId, sequence: e.sequence }));
    if (keys.length === 0) return okAsync(undefined);
    return this.sql
      .rows(
        `update seat_events set published_at = now()
         from jsonb_to_recordset(?::jsonb) as published(route_id uuid, sequence int)
         where seat_events.route_id = published.route_id and seat_events.sequence = published.sequence
           and seat_events.published_at is null`,
        [JSON.stringify(keys)],
      )
      .map(() => undefined);
  }
}
