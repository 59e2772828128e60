import { ok, type ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import { isAtOrAfter, type Instant } from '../domain/time';
import type { PaymentClaim, PaymentLocks } from '../ports/payment-locks.port';
import { operate, type InMemoryDatabase } from './in-memory-database';

/** Payment claims in the in-memory database: each call runs alone, so a claim is all or none. */
export class InMemoryPaymentLocks implements PaymentLocks {
  constructor(private readonly db: InMemoryDatabase) {}

  acquire(claim: PaymentClaim, now: Instant): ResultAsync<boolean, PersistenceError> {
    return operate({ db: this.db }, () => {
      const held = claim.ticketIds.some((id) => {
        const other = this.db.paymentLocks.get(id);
        return (
          other !== undefined && other.attemptId !== claim.attemptId && !isAtOrAfter(now, other.expiresAt)
        );
      });
      if (held) return ok(false);
      for (const id of claim.ticketIds) {
        this.db.paymentLocks.set(id, { attemptId: claim.attemptId, expiresAt: claim.expiresAt });
      }
      return ok(true);
    });
  }

  release(claim: PaymentClaim): ResultAsync<void, PersistenceError> {
    return operate({ db: this.db }, () => {
      for (const id of claim.ticketIds) {
        if (this.db.paymentLocks.get(id)?.attemptId === claim.attemptId) this.db.paymentLocks.delete(id);
      }
      return ok(undefined);
    });
  }
}
