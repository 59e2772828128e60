import type { Knex } from '@mikro-orm/knex';
import type { AbstractSqlConnection } from '@mikro-orm/knex';
import type { PersistenceError } from '@booking/core';
import { errAsync, ResultAsync } from 'neverthrow';
import { loggableDriverError } from './loggable-driver-error';
import { storageError, unstorableParameter } from './storage-errors';

/**
 * Runs SQL on the pool, or on one transaction's connection when `transaction` is set. Statements
 * use `?` placeholders. Repositories write their statements by hand where the guarantee lives in
 * the statement itself (exclusion constraint, row lock, version check), with the columns of each
 * table from its `ColumnMap`.
 */
export class Sql {
  constructor(
    private readonly connection: AbstractSqlConnection,
    readonly transaction?: Knex.Transaction,
  ) {}

  /**
   * The rows of one statement. A value the database refuses is `validation_failed` (checked here
   * first where it can be); any other failure (lost connection, timeout, full pool) is
   * `persistence_unavailable`.
   */
  rows<T>(sql: string, params: readonly unknown[] = []): ResultAsync<T[], PersistenceError> {
    const unstorable = unstorableParameter(params);
    if (unstorable) return errAsync(unstorable);
    const run = async () => {
      try {
        return (await this.connection.execute(sql, [...params], 'all', this.transaction)) as T[];
      } catch (cause) {
        const sent = this.connection.getPlatform().formatQuery(sql, [...params]);
        throw loggableDriverError(cause, { sql, sent });
      }
    };
    return attempt(run);
  }
}

/** Runs `work`; whatever it throws (the driver's errors) comes back as a `PersistenceError`, see `storageError`. */
export function attempt<T>(work: () => Promise<T>): ResultAsync<T, PersistenceError> {
  return ResultAsync.fromPromise(Promise.resolve().then(work), storageError);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from clients too: anything that is not a UUID matches no row (and never reaches SQL as one). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
