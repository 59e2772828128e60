import type { Instant, PaymentClaim, PaymentLocks, PersistenceError } from '@booking/core';
import { okAsync, type ResultAsync } from 'neverthrow';
import { isUuid, type Sql } from '../sql';

/**
 * Claims in the `payment_locks` table, one row per ticket, each statement committed on its own so
 * every process sees a claim before its charge starts. Tickets are claimed in id order: two
 * attempts on overlapping tickets queue on the first shared row instead of deadlocking.
 */
export class MikroOrmPaymentLocks implements PaymentLocks {
  constructor(private readonly sql: Sql) {}

  acquire(claim: PaymentClaim, now: Instant): ResultAsync<boolean, PersistenceError> {
    this.refuseTransaction();
    const ticketIds = ticketIdsOf(claim);
    if (ticketIds.length === 0) return okAsync(true);
    return this.sql
      .rows<{ ticket_id: string }>(
        `insert into payment_locks (ticket_id, attempt_id, expires_at)
         select ticket_id, ?::uuid, ?::timestamptz from unnest(array[?]::uuid[]) as wanted (ticket_id)
         order by ticket_id
         on conflict (ticket_id) do update
           set attempt_id = excluded.attempt_id, expires_at = excluded.expires_at
           where payment_locks.attempt_id = excluded.attempt_id or payment_locks.expires_at <= ?::timestamptz
         returning ticket_id`,
        [claim.attemptId, claim.expiresAt, ticketIds, now],
      )
      .andThen((claimed) =>
        claimed.length === ticketIds.length
          ? okAsync(true)
          : // All or none: give back what this attempt did get.
            this.release(claim).map(() => false),
      );
  }

  release(claim: PaymentClaim): ResultAsync<void, PersistenceError> {
    this.refuseTransaction();
    const ticketIds = ticketIdsOf(claim);
    if (ticketIds.length === 0) return okAsync(undefined);
    return this.sql
      .rows('delete from payment_locks where attempt_id = ?::uuid and ticket_id = any(array[?]::uuid[])', [
        claim.attemptId,
        ticketIds,
      ])
      .map(() => undefined);
  }

  /** A claim inside a transaction would stay invisible to other processes until the charge is over. */
  private refuseTransaction(): void {
    if (this.sql.transaction) throw new Error('PaymentLocks must not be used inside a unit of work');
  }
}

/** Ids that could name a ticket (anything else names none), once each, in order. */
function ticketIdsOf(claim: PaymentClaim): string[] {
  if (!isUuid(claim.attemptId)) throw new Error('a payment attempt id must be a UUID');
  return [...new Set(claim.ticketIds.filter(isUuid).map((id) => id.toLowerCase()))].sort();
}
