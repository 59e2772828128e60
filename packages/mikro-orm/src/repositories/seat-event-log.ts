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
    const counts = new Map<string, number>();
    for (const draft of drafts) counts.set(draft.routeId, (counts.get(draft.routeId) ?? 0) + 1);
    const routeIds = [...counts.keys()].sort();
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
