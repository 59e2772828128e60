import { ok, type ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { HistoryEntry, HistorySubject } from '../domain/history';
import type { HistoryLog } from '../ports/history-log.port';
import { copy, operate, type Session } from './in-memory-database';

export class InMemoryHistoryLog implements HistoryLog {
  constructor(private readonly session: Session) {}

  record(entries: readonly HistoryEntry[]): ResultAsync<void, PersistenceError> {
    return operate(this.session, (undo) => {
      const { history } = this.session.db;
      const before = history.length;
      history.push(...copy([...entries]));
      undo(() => history.splice(before));
      return ok(undefined);
    });
  }

  of(subject: HistorySubject, subjectId: string): ResultAsync<HistoryEntry[], PersistenceError> {
    return operate(this.session, () =>
      ok(copy(this.session.db.history.filter((e) => e.subject === subject && e.subjectId === subjectId))),
    );
  }
}
