import type { BookingLocks, PersistenceError } from '@booking/core';
import { okAsync, type ResultAsync } from 'neverthrow';
import { isUuid, type Sql } from '../sql';

/**
 * Transaction-scoped advisory locks, released when the transaction ends. The route lock and its
 * shared form are one advisory lock per route, taken exclusive (`pg_advisory_xact_lock`) or shared
 * (`pg_advisory_xact_lock_shared`): sales of one route share it, a change of the departure waits
 * for them, and they for it. Advisory locks queue fairly: a shared request waits behind an
 * exclusive one that is already waiting, so a steady stream of sales cannot starve a cancellation
 * (shared row locks would: `for share` joins the current holders whoever waits). Being no row
 * lock, neither blocks the `for key share` that foreign keys take on the route. The owner lock is
 * an advisory lock on the owner's id.
 */
export class MikroOrmBookingLocks implements BookingLocks {
  constructor(private readonly sql: Sql) {}

  route(routeId: string): ResultAsync<void, PersistenceError> {
    return this.advisory('pg_advisory_xact_lock', routeId);
  }

  routeShared(routeId: string): ResultAsync<void, PersistenceError> {
    return this.advisory('pg_advisory_xact_lock_shared', routeId);
  }

  owner(ownerId: string): ResultAsync<void, PersistenceError> {
    this.requireTransaction();
    return this.sql
      .rows('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`booking-owner:${ownerId}`])
      .map(() => undefined);
  }

  /** A route that is no UUID does not exist: there is nothing to lock. */
  private advisory(
    lock: 'pg_advisory_xact_lock' | 'pg_advisory_xact_lock_shared',
    routeId: string,
  ): ResultAsync<void, PersistenceError> {
    this.requireTransaction();
    if (!isUuid(routeId)) return okAsync(undefined);
    return this.sql
      .rows(`select ${lock}(hashtextextended(?, 0))`, [`booking-route:${routeId}`])
      .map(() => undefined);
  }

  private requireTransaction(): void {
    if (!this.sql.transaction) throw new Error('BookingLocks must be taken inside a unit of work');
  }
}
