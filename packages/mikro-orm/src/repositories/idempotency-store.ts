import type {
  IdempotencyKeyTaken,
  IdempotencyRecord,
  IdempotencyStore,
  PersistenceError,
} from '@booking/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { isoColumn, type Sql } from '../sql';

interface IdempotencyRecordRow {
  scope: string;
  key: string;
  fingerprint: string;
  response: unknown;
  created_at: string;
}

export class MikroOrmIdempotencyStore implements IdempotencyStore {
  constructor(private readonly sql: Sql) {}

  find(scope: string, key: string): ResultAsync<IdempotencyRecord | undefined, PersistenceError> {
    return this.sql
      .rows<IdempotencyRecordRow>(
        `select scope, key, fingerprint, response, ${isoColumn('created_at')} from idempotency_records
         where scope = ? and key = ?`,
        [scope, key],
      )
      .map((rows) => {
        const row = rows[0];
        if (!row) return undefined;
        return {
          scope: row.scope,
          key: row.key,
          fingerprint: row.fingerprint,
          response: row.response,
          createdAt: row.created_at,
        };
      });
  }

  /**
   * The primary key (scope, key) decides; `on conflict do nothing` waits for a concurrent insert of
   * the same key and then reports it taken, without aborting the surrounding transaction.
   */
  insert(record: IdempotencyRecord): ResultAsync<IdempotencyRecord, IdempotencyKeyTaken | PersistenceError> {
    return this.sql
      .rows<{ key: string }>(
        `insert into idempotency_records (scope, key, fingerprint, response, created_at)
         values (?, ?, ?, ?::jsonb, ?::timestamptz) on conflict (scope, key) do nothing returning key`,
        [
          record.scope,
          record.key,
          record.fingerprint,
          JSON.stringify(record.response ?? null),
          record.createdAt,
        ],
      )
      .andThen((rows) =>
        rows.length === 1
          ? okAsync(structuredClone(record))
          : errAsync<IdempotencyRecord, IdempotencyKeyTaken>({ kind: 'idempotency_key_taken' }),
      );
  }
}
