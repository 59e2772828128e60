import type { Role } from './actor';
import type { Route } from './route';
import type { Ticket } from './ticket';
import type { Instant } from './time';

/** Who made a change: a signed-in user, or the server itself (the hold sweep, reconciliation). */
export interface ChangedBy {
  userId: string | null;
  role: Role | 'system';
}

export const SYSTEM: ChangedBy = { userId: null, role: 'system' };

export const HISTORY_SUBJECTS = ['ticket', 'route'] as const;
export type HistorySubject = (typeof HISTORY_SUBJECTS)[number];

/** One field's value before and after a change (`from` is null when the subject was created). */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

/** One change of a ticket or a route: who, when, what and why. Kept for good. */
export interface HistoryEntry {
  id: string;
  subject: HistorySubject;
  subjectId: string;
  /** The route the subject belongs to (a route's own entries: itself). */
  routeId: string;
  at: Instant;
  by: ChangedBy;
  /** What was done, e.g. `booked`, `cancel`, `change_seat`, `correct`, `cancel_departure`. */
  action: string;
  reason: string | null;
  /** Only the fields that changed. */
  changes: Record<string, FieldChange>;
}

/** The ticket fields the trail follows; replaying a ticket's trail gives exactly these. */
export const TICKET_HISTORY_FIELDS = [
  'pnrNumber',
  'routeId',
  'seatNumber',
  'fromStopIndex',
  'toStopIndex',
  'fromCity',
  'toCity',
  'passengerName',
  'gender',
  'phone',
  'email',
  'price',
  'status',
  'holdExpiresAt',
  'ownerId',
  'exchangedFromId',
  'exchangedToId',
] as const satisfies readonly (keyof Ticket)[];

export const ROUTE_HISTORY_FIELDS = [
  'fromCity',
  'toCity',
  'stops',
  'departureAt',
  'stopTimes',
  'seatCount',
  'price',
  'status',
  'cancelReason',
] as const satisfies readonly (keyof Route)[];

/** Contact details are personal: the trail says that they changed, never what they were. */
const REDACTED_FIELDS: ReadonlySet<string> = new Set(['phone', 'email']);
export const REDACTED = '[redacted]';

function recorded(field: string, value: unknown): unknown {
  if (value === undefined) return null;
  return REDACTED_FIELDS.has(field) && value !== null ? REDACTED : value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The followed fields that differ between `before` (absent: just created) and `after`. Compared as
 * they are, recorded redacted: a phone changed from one number to another shows as changed.
 */
export function changesBetween<T extends object>(
  fields: readonly (keyof T & string)[],
  before: T | undefined,
  after: T,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of fields) {
    const changed = before === undefined || !same(before[field] ?? null, after[field] ?? null);
    const from = before === undefined ? null : recorded(field, before[field]);
    if (changed) changes[field] = { from, to: recorded(field, after[field]) };
  }
  return changes;
}

/** A followed subject as the trail knows it: every followed field, contact details redacted. */
export function asRecorded<T extends object>(
  fields: readonly (keyof T & string)[],
  subject: T,
): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, recorded(field, subject[field])]));
}

/** Applies a subject's entries, oldest first, to nothing: what the trail says the subject is now. */
export function replayHistory(entries: readonly HistoryEntry[]): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const entry of entries) {
    for (const [field, change] of Object.entries(entry.changes)) state[field] = change.to;
  }
  return state;
}

export interface HistoryDraft {
  by: ChangedBy;
  action: string;
  at: Instant;
  reason?: string | null;
}

export function ticketHistoryEntry(
  id: string,
  draft: HistoryDraft,
  before: Ticket | undefined,
  after: Ticket,
): HistoryEntry {
  return {
    id,
    subject: 'ticket',
    subjectId: after.id,
    routeId: after.routeId,
    at: draft.at,
    by: { userId: draft.by.userId, role: draft.by.role },
    action: draft.action,
    reason: draft.reason ?? null,
    changes: changesBetween(TICKET_HISTORY_FIELDS, before, after),
  };
}

export function routeHistoryEntry(
  id: string,
  draft: HistoryDraft,
  before: Route | undefined,
  after: Route,
): HistoryEntry {
  return {
    id,
    subject: 'route',
    subjectId: after.id,
    routeId: after.id,
    at: draft.at,
    by: { userId: draft.by.userId, role: draft.by.role },
    action: draft.action,
    reason: draft.reason ?? null,
    changes: changesBetween(ROUTE_HISTORY_FIELDS, before, after),
  };
}
