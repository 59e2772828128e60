import type {
  Boarding,
  BoardingRepository,
  BoardingSource,
  PersistenceError,
  RecordedBoarding,
} from '@booking/core';
import { okAsync, type ResultAsync } from 'neverthrow';
import { column, ColumnMap, instant, text, uuid, type StoredRow } from '../column-map';
import { BoardingEntity } from '../entities/boarding.entity';
import { isUuid, type Sql } from '../sql';

/** The `boardings` table, column by column: every statement below takes its columns from here. */
export const BOARDING_COLUMNS = new ColumnMap<Boarding>(BoardingEntity, {
  ticketId: column('ticket_id', uuid()),
  routeId: column('route_id', uuid()),
  boardedAt: column('boarded_at', instant()),
  scannedBy: column('scanned_by', text()),
  source: column('source', text<BoardingSource>()),
});

const INSERTED = BOARDING_COLUMNS.every;

/**
 * Boardings, one per ticket. Each write is one statement on the primary key: a concurrent insert of
 * the same ticket waits for the first to commit, then sees it (`on conflict`), so two scans at once
 * record one boarding.
 */
export class MikroOrmBoardingRepository implements BoardingRepository {
  constructor(private readonly sql: Sql) {}

  record(boarding: Boarding): ResultAsync<RecordedBoarding, PersistenceError> {
    return this.write(
      boarding,
      `insert into boardings (${INSERTED.columns}) values (${INSERTED.placeholders})
       on conflict (ticket_id) do nothing returning ${BOARDING_COLUMNS.selectList}`,
    );
  }

  /** Inserts, or moves `boarded_at` back when this scan is earlier; nothing returned means it was not. */
  recordEarliest(boarding: Boarding): ResultAsync<RecordedBoarding, PersistenceError> {
    return this.write(
      boarding,
      `insert into boardings (${INSERTED.columns}) values (${INSERTED.placeholders})
       on conflict (ticket_id) do update set boarded_at = excluded.boarded_at
       where excluded.boarded_at < boardings.boarded_at
       returning ${BOARDING_COLUMNS.selectList}`,
    );
  }

  findByTicket(ticketId: string): ResultAsync<Boarding | undefined, PersistenceError> {
    if (!isUuid(ticketId)) return okAsync(undefined);
    return this.sql
      .rows<StoredRow>(`select ${BOARDING_COLUMNS.selectList} from boardings where ticket_id = ?`, [ticketId])
      .map((rows) => (rows[0] ? BOARDING_COLUMNS.read(rows[0]) : undefined));
  }

  listByRoute(routeId: string): ResultAsync<Boarding[], PersistenceError> {
    if (!isUuid(routeId)) return okAsync([]);
    return this.sql
      .rows<StoredRow>(
        `select ${BOARDING_COLUMNS.selectList} from boardings where route_id = ? order by boarded_at, ticket_id`,
        [routeId],
      )
      .map((rows) => rows.map((row) => BOARDING_COLUMNS.read(row)));
  }

  private write(boarding: Boarding, statement: string): ResultAsync<RecordedBoarding, PersistenceError> {
    return this.sql.rows<StoredRow>(statement, INSERTED.params(boarding)).andThen((rows) => {
      if (rows[0]) return okAsync({ boarding: BOARDING_COLUMNS.read(rows[0]), recorded: true });
      // Another scan was first (and committed: read committed sees it now).
      return this.findByTicket(boarding.ticketId).map((stored) => {
        if (!stored) throw new Error(`boarding of ticket ${boarding.ticketId} vanished`);
        return { boarding: stored, recorded: false };
      });
    });
  }
}
