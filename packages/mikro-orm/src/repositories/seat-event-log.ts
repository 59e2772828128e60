import type {
  Instant,
  PersistenceError,
  SeatEvent,
  SeatEventDraft,
  SeatEventLog,
  SeatEventMetadata,
} from '@booking/core';
import { okAsync, type ResultAsync } from 'neverthrow';
import { isoColumn, isUuid, type Sql } from '../sql';

interface EventRecord {
  route_id: string;
  sequence: number;
  seat_number: number;
  event_type: SeatEvent['eventType'];
  ticket_id: string;
  from_stop_index: number;
  to_stop_index: number;
  metadata: SeatEventMetadata;
  committed_at: string;
}

const COLUMNS = [
  'route_id',
  'sequence',
  'seat_number',
  'event_type',
  'ticket_id',
  'from_stop_index',
  'to_stop_index',
  'metadata',
  isoColumn('committed_at'),
].join(', ');

function toEvent(row: EventRecord): SeatEvent {
  return {
    routeId: row.route_id,
    seatNumber: row.seat_number,
    eventType: row.event_type,
    ticketId: row.ticket_id,
    fromStopIndex: row.from_stop_index,
    toStopIndex: row.to_stop_index,
    metadata: row.metadata,
    sequence: row.sequence,
    timestamp: row.committed_at,
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
    drafts: readonly SeatEventDraft[],
    committedAt: Instant,
  ): ResultAsync<SeatEvent[], PersistenceError> {
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
      const events: SeatEvent[] = drafts.map((draft) => {
        const sequence = next.get(draft.routeId) ?? 1;
        next.set(draft.routeId, sequence + 1);
        return { ...structuredClone(draft), sequence, timestamp };
      });
      const rows = events.map(() => '(?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::timestamptz)').join(', ');
      const params = events.flatMap((e) => [
        e.routeId,
        e.sequence,
        e.seatNumber,
        e.eventType,
        e.ticketId,
        e.fromStopIndex,
        e.toStopIndex,
        JSON.stringify(e.metadata),
        e.timestamp,
      ]);
      return this.sql
        .rows(
          `insert into seat_events (route_id, sequence, seat_number, event_type, ticket_id, from_stop_index,
             to_stop_index, metadata, committed_at) values ${rows}`,
          params,
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
    drafts: readonly SeatEventDraft[],
    timestamp: Instant,
  ): ResultAsync<SeatEvent[], PersistenceError> {
    const routeId = (drafts[0] as SeatEventDraft).routeId;
    const count = drafts.length;
    const rows = drafts.map(() => '(?::int, ?::int, ?::text, ?::uuid, ?::int, ?::int, ?::jsonb)').join(', ');
    const params = drafts.flatMap((d, i) => [
      i + 1,
      d.seatNumber,
      d.eventType,
      d.ticketId,
      d.fromStopIndex,
      d.toStopIndex,
      JSON.stringify(d.metadata),
    ]);
    return this.sql
      .rows<{ sequence: number }>(
        `with reserved as (
           insert into route_sequences (route_id, last_sequence) values (?, ?)
           on conflict (route_id) do update set last_sequence = route_sequences.last_sequence + excluded.last_sequence
           returning last_sequence)
         insert into seat_events (route_id, sequence, seat_number, event_type, ticket_id, from_stop_index,
           to_stop_index, metadata, committed_at)
         select ?::uuid, reserved.last_sequence - ?::int + draft.ord, draft.seat_number, draft.event_type,
           draft.ticket_id, draft.from_stop_index, draft.to_stop_index, draft.metadata, ?::timestamptz
         from reserved, (values ${rows}) as draft(ord, seat_number, event_type, ticket_id, from_stop_index,
           to_stop_index, metadata)
         returning sequence`,
        [routeId, count, routeId, count, timestamp, ...params],
      )
      .map((inserted) => {
        if (inserted.length !== count) throw new Error(`appended ${inserted.length} of ${count} seat events`);
        const first = Math.max(...inserted.map((row) => row.sequence)) - count + 1;
        return drafts.map((draft, i) => ({ ...structuredClone(draft), sequence: first + i, timestamp }));
      });
  }

  readAfter(
    routeId: string,
    afterSequence: number,
    limit: number,
  ): ResultAsync<SeatEvent[], PersistenceError> {
    if (!isUuid(routeId)) return okAsync([]);
    return this.sql
      .rows<EventRecord>(
        // numeric: a client's `sinceSequence` may be any number; it must not overflow an int cast.
        `select ${COLUMNS} from seat_events where route_id = ? and sequence > ?::numeric order by sequence limit ?`,
        [routeId, afterSequence, limit],
      )
      .map((rows) => rows.map(toEvent));
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
  unpublished(limit: number): ResultAsync<SeatEvent[], PersistenceError> {
    return this.sql
      .rows<EventRecord>(
        `select ${COLUMNS} from seat_events where published_at is null
         order by min(committed_at) over (partition by route_id), route_id, sequence limit ?`,
        [limit],
      )
      .map((rows) => rows.map(toEvent));
  }

  markPublished(
    events: readonly Pick<SeatEvent, 'routeId' | 'sequence'>[],
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
