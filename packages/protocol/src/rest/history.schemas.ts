import { HISTORY_SUBJECTS, ROLES } from '@booking/core';
import { z } from 'zod';

/** One change of a ticket or a route in the audit trail (contact details show as `[redacted]`). */
export const historyEntrySchema = z
  .object({
    id: z.string(),
    subject: z.enum(HISTORY_SUBJECTS),
    subjectId: z.string(),
    routeId: z
      .string()
      .meta({ description: "The route the subject belongs to (a route's own entries: itself)." }),
    at: z.string().meta({ description: 'When the change was made (ISO-8601).' }),
    by: z.object({
      userId: z
        .string()
        .nullable()
        .meta({ description: 'null when the server itself made it (the hold sweep).' }),
      role: z.enum([...ROLES, 'system']),
    }),
    action: z.string().meta({
      description:
        'What was done, e.g. book, cancel, pay, expire, change_seat, exchange, correct, cancel_departure, move_departure.',
    }),
    reason: z.string().nullable(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).meta({
      description: 'Only the fields that changed, each from its old value to its new one.',
    }),
  })
  .meta({ id: 'HistoryEntry' });

/** A subject's audit trail, oldest first. */
export const historySchema = z.object({ entries: z.array(historyEntrySchema) }).meta({ id: 'History' });

export type HistoryEntryJson = z.output<typeof historyEntrySchema>;
export type HistoryJson = z.output<typeof historySchema>;
