import type { ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { Instant } from '../domain/time';

/** One payment attempt's claim on the tickets it is about to charge for. */
export interface PaymentClaim {
  attemptId: string;
  ticketIds: readonly string[];
  /** The claim lapses then, so an attempt that crashed does not keep its tickets forever. */
  expiresAt: Instant;
}

/**
 * Per-ticket payment locks that every process sees before the gateway is called. They are not
 * tied to a unit of work: a claim is stored at once and outlives the charge it protects.
 */
export interface PaymentLocks {
  /**
   * Claims every ticket for the attempt, all or none. False when another attempt's claim on any of
   * them has not lapsed at `now` (a lapsed claim is taken over).
   */
  acquire(claim: PaymentClaim, now: Instant): ResultAsync<boolean, PersistenceError>;
  /** Ends the attempt's claims; a claim another attempt took over after it lapsed stays. */
  release(claim: PaymentClaim): ResultAsync<void, PersistenceError>;
}
