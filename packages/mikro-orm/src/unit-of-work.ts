import { errors, type PersistenceError, type TransactionScope, type UnitOfWork } from '@booking/core';
import type { AbstractSqlConnection, Knex } from '@mikro-orm/knex';
import { err, ResultAsync, type Result } from 'neverthrow';
import { loggableDriverError } from './loggable-driver-error';
import { Sql } from './sql';
import { storageError } from './storage-errors';
import { storageScope } from './storage-scope';

/**
 * One PostgreSQL transaction (READ COMMITTED) per unit of work. Every repository in the scope uses
 * that transaction's connection: work must not wait on the pool-level repositories meanwhile (with
 * the embedded database's single connection that would wait for itself until the pool times out).
 */
export class MikroOrmUnitOfWork implements UnitOfWork {
  constructor(private readonly connection: AbstractSqlConnection) {}

  run<T, E>(work: (tx: TransactionScope) => ResultAsync<T, E>): ResultAsync<T, E | PersistenceError> {
    return new ResultAsync(this.runInTransaction(work));
  }

  private async runInTransaction<T, E>(
    work: (tx: TransactionScope) => ResultAsync<T, E>,
  ): Promise<Result<T, E | PersistenceError>> {
    let transaction: Knex.Transaction;
    try {
      transaction = await this.connection.begin();
    } catch (cause) {
      return err(errors.persistenceUnavailable(loggableDriverError(cause)));
    }
    let result: Result<T, E>;
    try {
      result = await work(storageScope(new Sql(this.connection, transaction)));
    } catch (bug) {
      await this.rollback(transaction);
      throw bug;
    }
    if (result.isErr()) {
      await this.rollback(transaction);
      return result;
    }
    try {
      await this.connection.commit(transaction);
    } catch (cause) {
      await this.rollback(transaction);
      return err(storageError(cause));
    }
    return result;
  }

  /** A failed rollback (the connection is gone) loses nothing: PostgreSQL rolls back on its own. */
  private async rollback(transaction: Knex.Transaction): Promise<void> {
    try {
      await this.connection.rollback(transaction);
    } catch {
      // Nothing to add: the caller already has the error that made it roll back.
    }
  }
}
