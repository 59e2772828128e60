import type { ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { HistoryEntry, HistorySubject } from '../domain/history';

/** The audit trail: every change of a ticket or a route, written in the change's own unit of work. */
export interface HistoryLog {
  record(entries: readonly HistoryEntry[]): ResultAsync<void, PersistenceError>;
  /** One subject's entries, oldest first (equal times in the order they were recorded). */
  of(subject: HistorySubject, subjectId: string): ResultAsync<HistoryEntry[], PersistenceError>;
}
