import type { ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { LedgerEntry, PaymentAttempt } from '../domain/ledger';
import type { Instant } from '../domain/time';

/** Another writer changed the attempt since it was read. */
export interface StaleAttempt {
  kind: 'stale_attempt';
  attemptId: string;
}

/**
 * The payment ledger: payment attempts (committed before the gateway is called) and the entries
 * of money that moved, per ticket. Nothing here holds more of a card than its last four digits.
 */
export interface PaymentRepository {
  insertAttempt(attempt: PaymentAttempt): ResultAsync<PaymentAttempt, PersistenceError>;
  findAttempt(id: string): ResultAsync<PaymentAttempt | undefined, PersistenceError>;
  /** Writes `attempt` only if the stored version is still `attempt.version - 1`. */
  updateAttempt(attempt: PaymentAttempt): ResultAsync<PaymentAttempt, StaleAttempt | PersistenceError>;
  /** Unsettled attempts (`pending`, `refunding`) created at or before `before`, the oldest first (for reconciliation). */
  findPendingAttempts(before: Instant, limit: number): ResultAsync<PaymentAttempt[], PersistenceError>;
  insertEntries(entries: readonly LedgerEntry[]): ResultAsync<void, PersistenceError>;
  /** Writes the entry's status and `updatedAt` (entries are otherwise never changed). */
  updateEntry(entry: LedgerEntry): ResultAsync<LedgerEntry, PersistenceError>;
  /**
   * Notes a try of a refund the provider did not take: its `updatedAt` becomes `at`, and nothing else
   * changes. Only while the entry is still `pending` (answers whether it was): a process that lost a
   * race never turns a refund another process marked `succeeded` back.
   */
  noteRefundTried(entryId: string, at: Instant): ResultAsync<boolean, PersistenceError>;
  /** A ticket's entries, the oldest first (then by id). */
  entriesOf(ticketId: string): ResultAsync<LedgerEntry[], PersistenceError>;
  /**
   * `pending` refund entries created at or before `before`, the least recently tried first (by
   * `updatedAt`, then creation and id), so refunds the gateway keeps refusing take their turn
   * behind the others instead of starving them.
   */
  findPendingRefunds(before: Instant, limit: number): ResultAsync<LedgerEntry[], PersistenceError>;
  /** Entries created in `[from, to)`, of one route when given, the oldest first (for the sales report). */
  entriesBetween(from: Instant, to: Instant, routeId?: string): ResultAsync<LedgerEntry[], PersistenceError>;
}
