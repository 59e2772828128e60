import type {
  ChangedBy,
  FieldChange,
  HistoryEntry,
  HistoryLog,
  HistorySubject,
  PersistenceError,
} from '@booking/core';
import { okAsync, type ResultAsync } from 'neverthrow';
import { column, ColumnMap, instant, json, nullable, text, uuid, type StoredRow } from '../column-map';
import { HistoryEntryEntity } from '../entities/history-entry.entity';
import { isUuid, type Sql } from '../sql';

/** A history entry as stored: `by` flattened into two columns. */
interface StoredHistoryEntry extends Omit<HistoryEntry, 'by'> {
  byUserId: string | null;
  byRole: ChangedBy['role'];
}

/**
 * The `history_entries` table, column by column: every statement below takes its columns from here.
 * `recorded_order` is numbered by the database as rows go in.
 */
export const HISTORY_COLUMNS = new ColumnMap<StoredHistoryEntry>(
  HistoryEntryEntity,
  {
    id: column('id', uuid()),
    subject: column('subject', text<HistorySubject>()),
    subjectId: column('subject_id', uuid()),
    routeId: column('route_id', uuid()),
    at: column('at', instant()),
    byUserId: column('by_user_id', nullable(text())),
    byRole: column('by_role', text<ChangedBy['role']>()),
    action: column('action', text()),
    reason: column('reason', nullable(text())),
    changes: column('changes', json<Record<string, FieldChange>>()),
  },
  ['recorded_order'],
);

const INSERTED = HISTORY_COLUMNS.every;

const toStored = ({ by, ...entry }: HistoryEntry): StoredHistoryEntry => ({
  ...entry,
  byUserId: by.userId,
  byRole: by.role,
});

function toEntry(row: StoredRow): HistoryEntry {
  const { byUserId, byRole, ...entry } = HISTORY_COLUMNS.read(row);
  return { ...entry, by: { userId: byUserId, role: byRole } };
}

/** The audit trail. Entries recorded in a unit of work commit or roll back with it. */
export class MikroOrmHistoryLog implements HistoryLog {
  constructor(private readonly sql: Sql) {}

  /** One statement; the rows take their `recorded_order` in the order given. */
  record(entries: readonly HistoryEntry[]): ResultAsync<void, PersistenceError> {
    if (entries.length === 0) return okAsync(undefined);
    const rows = entries.map(() => `(${INSERTED.placeholders})`).join(', ');
    return this.sql
      .rows(
        `insert into history_entries (${INSERTED.columns}) values ${rows}`,
        entries.flatMap((entry) => INSERTED.params(toStored(entry))),
      )
      .map(() => undefined);
  }

  of(subject: HistorySubject, subjectId: string): ResultAsync<HistoryEntry[], PersistenceError> {
    if (!isUuid(subjectId)) return okAsync([]);
    return this.sql
      .rows<StoredRow>(
        `select ${HISTORY_COLUMNS.selectList} from history_entries
         where subject = ? and subject_id = ? order by recorded_order`,
        [subject, subjectId],
      )
      .map((rows) => rows.map(toEntry));
  }
}
