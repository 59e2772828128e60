import type { BookingLocks, PersistenceError } from '@booking/core';
import { okAsync, type ResultAsync } from 'neverthrow';
import { isUuid, type Sql } from '../sql';

/**
 * Transaction-scoped locks. The route lock is the route's own row taken `for no key update`: it
 * queues concurrent bookings of that route, yet does not block the `for key share` that foreign
 * keys take when other units of work write that route's tickets or events (so no deadlock with a
 * cancel that is waiting for the booking). Its shared form is the same row taken `for share`,
 * which conflicts with `for no key update` (and with the update of the row itself) but not with
 * another `for share` or `for key share`. The owner lock is an advisory lock on the owner's id.
 */
export class MikroOrmBookingLocks implements BookingLocks {
  constructor(private readonly sql: Sql) {}

  route(routeId: string): ResultAsync<void, PersistenceError> {
    this.requireTransaction();
    if (!isUuid(routeId)) return okAsync(undefined);
    return this.sql
      .rows('select 1 from routes where id = ? for no key update', [routeId])
      .map(() => undefined);
  }

  routeShared(routeId: string): ResultAsync<void, PersistenceError> {
    this.requireTransaction();
    if (!isUuid(routeId)) return okAsync(undefined);
    return this.sql.rows('select 1 from routes where id = ? for share', [routeId]).map(() => undefined);
  }

  owner(ownerId: string): ResultAsync<void, PersistenceError> {
    this.requireTransaction();
    return this.sql
      .rows('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`booking-owner:${ownerId}`])
      .map(() => undefined);
  }

  private requireTransaction(): void {
    if (!this.sql.transaction) throw new Error('BookingLocks must be taken inside a unit of work');
  }
}
