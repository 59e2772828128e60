import type {
  IdempotencyKeyTaken,
  IdempotencyRecord,
  IdempotencyStore,
  PersistenceError,
} from '@booking/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { column, ColumnMap, instant, json, text, type StoredRow } from '../column-map';
import { IdempotencyEntity } from '../entities/idempotency-record.entity';
import type { Sql } from '../sql';

/** The `idempotency_records` table, column by column: every statement below takes its columns from here. */
export const IDEMPOTENCY_COLUMNS = new ColumnMap<IdempotencyRecord>(IdempotencyEntity, {
  scope: column('scope', text()),
  key: column('key', text()),
  fingerprint: column('fingerprint', text()),
  response: column('response', json<unknown>()),
  createdAt: column('created_at', instant()),
});

const INSERTED = IDEMPOTENCY_COLUMNS.every;

export class MikroOrmIdempotencyStore implements IdempotencyStore {
  constructor(private readonly sql: Sql) {}

  find(scope: string, key: string): ResultAsync<IdempotencyRecord | undefined, PersistenceError> {
    return this.sql
      .rows<StoredRow>(
        `select ${IDEMPOTENCY_COLUMNS.selectList} from idempotency_records where scope = ? and key = ?`,
        [scope, key],
      )
      .map((rows) => (rows[0] ? IDEMPOTENCY_COLUMNS.read(rows[0]) : undefined));
  }

  /**
   * The primary key (scope, key) decides; `on conflict do nothing` waits for a concurrent insert of
   * the same key and then reports it taken, without aborting the surrounding transaction.
   */
  insert(record: IdempotencyRecord): ResultAsync<IdempotencyRecord, IdempotencyKeyTaken | PersistenceError> {
    return this.sql
      .rows<{ key: string }>(
        `insert into idempotency_records (${INSERTED.columns}) values (${INSERTED.placeholders})
         on conflict (scope, key) do nothing returning key`,
        INSERTED.params(record),
      )
      .andThen((rows) =>
        rows.length === 1
          ? okAsync(structuredClone(record))
          : errAsync<IdempotencyRecord, IdempotencyKeyTaken>({ kind: 'idempotency_key_taken' }),
      );
  }
}
