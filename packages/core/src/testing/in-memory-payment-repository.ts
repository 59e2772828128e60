import { err, ok, type ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import {
  UNSETTLED_ATTEMPT_STATUSES,
  type AttemptStatus,
  type LedgerEntry,
  type PaymentAttempt,
} from '../domain/ledger';
import { isAtOrAfter, type Instant } from '../domain/time';
import type { PaymentRepository, StaleAttempt } from '../ports/payment-repository.port';
import { copy, operate, type Session } from './in-memory-database';

const isUnsettled = (status: AttemptStatus) =>
  (UNSETTLED_ATTEMPT_STATUSES as readonly string[]).includes(status);

const oldestFirst = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class InMemoryPaymentRepository implements PaymentRepository {
  constructor(private readonly session: Session) {}

  insertAttempt(attempt: PaymentAttempt): ResultAsync<PaymentAttempt, PersistenceError> {
    return operate(this.session, (undo) => {
      const { attempts } = this.session.db;
      if (attempts.has(attempt.id)) throw new Error(`payment attempt ${attempt.id} inserted twice`);
      attempts.set(attempt.id, copy(attempt));
      undo(() => attempts.delete(attempt.id));
      return ok(copy(attempt));
    });
  }

  findAttempt(id: string): ResultAsync<PaymentAttempt | undefined, PersistenceError> {
    return operate(this.session, () => ok(copy(this.session.db.attempts.get(id))));
  }

  updateAttempt(attempt: PaymentAttempt): ResultAsync<PaymentAttempt, StaleAttempt | PersistenceError> {
    return operate(this.session, (undo) => {
      const { attempts } = this.session.db;
      const stored = attempts.get(attempt.id);
      if (!stored || stored.version !== attempt.version - 1) {
        return err({ kind: 'stale_attempt', attemptId: attempt.id });
      }
      attempts.set(attempt.id, copy(attempt));
      undo(() => attempts.set(attempt.id, stored));
      return ok(copy(attempt));
    });
  }

  findPendingAttempts(before: Instant, limit: number): ResultAsync<PaymentAttempt[], PersistenceError> {
    return operate(this.session, () =>
      ok(
        copy(
          [...this.session.db.attempts.values()]
            .filter((a) => isUnsettled(a.status) && isAtOrAfter(before, a.createdAt))
            .sort(oldestFirst)
            .slice(0, limit),
        ),
      ),
    );
  }

  insertEntries(entries: readonly LedgerEntry[]): ResultAsync<void, PersistenceError> {
    return operate(this.session, (undo) => {
      const { ledger } = this.session.db;
      for (const entry of entries) {
        if (ledger.has(entry.id)) throw new Error(`ledger entry ${entry.id} inserted twice`);
        ledger.set(entry.id, copy(entry));
        undo(() => ledger.delete(entry.id));
      }
      return ok(undefined);
    });
  }

  updateEntry(entry: LedgerEntry): ResultAsync<LedgerEntry, PersistenceError> {
    return operate(this.session, (undo) => {
      const { ledger } = this.session.db;
      const stored = ledger.get(entry.id);
      if (!stored) throw new Error(`ledger entry ${entry.id} does not exist`);
      const next = { ...stored, status: entry.status, updatedAt: entry.updatedAt };
      ledger.set(entry.id, next);
      undo(() => ledger.set(entry.id, stored));
      return ok(copy(next));
    });
  }

  noteRefundTried(entryId: string, at: Instant): ResultAsync<boolean, PersistenceError> {
    return operate(this.session, (undo) => {
      const { ledger } = this.session.db;
      const stored = ledger.get(entryId);
      if (stored?.status !== 'pending') return ok(false);
      ledger.set(entryId, { ...stored, updatedAt: at });
      undo(() => ledger.set(entryId, stored));
      return ok(true);
    });
  }

  entriesOf(ticketId: string): ResultAsync<LedgerEntry[], PersistenceError> {
    return this.entries((e) => e.ticketId === ticketId);
  }

  findPendingRefunds(before: Instant, limit: number): ResultAsync<LedgerEntry[], PersistenceError> {
    return this.entries(
      (e) => e.kind === 'refund' && e.status === 'pending' && isAtOrAfter(before, e.createdAt),
    ).map((found) =>
      found
        .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || oldestFirst(a, b))
        .slice(0, limit),
    );
  }

  entriesBetween(from: Instant, to: Instant, routeId?: string): ResultAsync<LedgerEntry[], PersistenceError> {
    return this.entries(
      (e) =>
        isAtOrAfter(e.createdAt, from) &&
        !isAtOrAfter(e.createdAt, to) &&
        (routeId === undefined || e.routeId === routeId),
    );
  }

  private entries(keep: (entry: LedgerEntry) => boolean): ResultAsync<LedgerEntry[], PersistenceError> {
    return operate(this.session, () =>
      ok(copy([...this.session.db.ledger.values()].filter(keep).sort(oldestFirst))),
    );
  }
}
