import { HISTORY_SUBJECTS } from '@booking/core';
import { EntitySchema } from '@mikro-orm/core';

/**
 * A row of `history_entries`: one change of a ticket or a route (the core's `HistoryEntry`, its
 * `by` in two columns). Kept for good, so subject and route are not foreign keys. `recordedOrder`
 * numbers the rows as they were inserted: a subject's trail is read back in that order.
 */
export interface HistoryEntryRow {
  id: string;
  subject: string;
  subjectId: string;
  routeId: string;
  at: Date;
  byUserId: string | null;
  byRole: string;
  action: string;
  reason: string | null;
  changes: Record<string, unknown>;
  recordedOrder: string;
}

export const HistoryEntryEntity = new EntitySchema<HistoryEntryRow>({
  name: 'HistoryEntryRow',
  tableName: 'history_entries',
  properties: {
    id: { type: 'uuid', primary: true },
    // A text column with the check constraint `history_entries_subject_check`.
    subject: { enum: true, items: [...HISTORY_SUBJECTS] },
    subjectId: { type: 'uuid' },
    routeId: { type: 'uuid' },
    at: { type: 'datetime', length: 3 },
    byUserId: { type: 'text', nullable: true },
    byRole: { type: 'text' },
    action: { type: 'text' },
    reason: { type: 'text', nullable: true },
    changes: { type: 'json' },
    recordedOrder: { type: 'bigint', autoincrement: true },
  },
  indexes: [
    // One subject's trail, in the order it was recorded.
    { name: 'history_entries_subject_index', properties: ['subject', 'subjectId', 'recordedOrder'] },
  ],
});
