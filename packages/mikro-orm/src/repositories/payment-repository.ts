import type {
  AttemptStatus,
  EntryKind,
  EntryStatus,
  Instant,
  LedgerEntry,
  PaymentAttempt,
  PaymentRepository,
  PersistenceError,
  StaleAttempt,
} from '@booking/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import {
  cents,
  column,
  ColumnMap,
  instant,
  integer,
  nullable,
  text,
  uuid,
  uuids,
  varchar,
  type StoredRow,
} from '../column-map';
import { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import { PaymentAttemptEntity, UNSETTLED_SQL } from '../entities/payment-attempt.entity';
import { isUuid, type Sql } from '../sql';

/** The `payment_attempts` table, column by column: every statement below takes its columns from here. */
export const PAYMENT_ATTEMPT_COLUMNS = new ColumnMap<PaymentAttempt>(PaymentAttemptEntity, {
  id: column('id', uuid()),
  ownerId: column('owner_id', text()),
  ticketIds: column('ticket_ids', uuids()),
  amountCents: column('amount_cents', cents()),
  currency: column('currency', text()),
  status: column('status', text<AttemptStatus>()),
  chargeId: column('charge_id', nullable(text())),
  last4: column('last4', nullable(varchar())),
  createdAt: column('created_at', instant()),
  updatedAt: column('updated_at', instant()),
  version: column('version', integer()),
});

/** The `ledger_entries` table, column by column. */
export const LEDGER_ENTRY_COLUMNS = new ColumnMap<LedgerEntry>(LedgerEntryEntity, {
  id: column('id', uuid()),
  attemptId: column('attempt_id', uuid()),
  ticketId: column('ticket_id', uuid()),
  routeId: column('route_id', uuid()),
  kind: column('kind', text<EntryKind>()),
  amountCents: column('amount_cents', cents()),
  feeCents: column('fee_cents', cents()),
  currency: column('currency', text()),
  status: column('status', text<EntryStatus>()),
  chargeId: column('charge_id', text()),
  last4: column('last4', nullable(varchar())),
  transferTicketId: column('transfer_ticket_id', nullable(uuid())),
  createdAt: column('created_at', instant()),
  updatedAt: column('updated_at', instant()),
});

const ATTEMPT = PAYMENT_ATTEMPT_COLUMNS;
const ATTEMPT_UPDATED = ATTEMPT.fieldsExcept('id');
const ENTRY = LEDGER_ENTRY_COLUMNS;
const ENTRY_UPDATED = ENTRY.fields(['status', 'updatedAt']);

/** Never more of a card than its last four digits, whatever a caller passes. */
const lastFourOnly = (last4: string | null) => (last4 === null ? null : last4.slice(-4));

/** The payment ledger in `payment_attempts` and `ledger_entries`; see the core's `PaymentRepository`. */
export class MikroOrmPaymentRepository implements PaymentRepository {
  constructor(private readonly sql: Sql) {}

  insertAttempt(attempt: PaymentAttempt): ResultAsync<PaymentAttempt, PersistenceError> {
    const stored = { ...attempt, last4: lastFourOnly(attempt.last4) };
    return this.sql
      .rows(
        `insert into payment_attempts (${ATTEMPT.every.columns}) values (${ATTEMPT.every.placeholders})`,
        ATTEMPT.every.params(stored),
      )
      .map(() => structuredClone(stored));
  }

  findAttempt(id: string): ResultAsync<PaymentAttempt | undefined, PersistenceError> {
    if (!isUuid(id)) return okAsync(undefined);
    return this.sql
      .rows<StoredRow>(`select ${ATTEMPT.selectList} from payment_attempts where id = ?`, [id])
      .map((rows) => (rows[0] ? ATTEMPT.read(rows[0]) : undefined));
  }

  /** Optimistic concurrency: the row changes only if it is still at the version before this one. */
  updateAttempt(attempt: PaymentAttempt): ResultAsync<PaymentAttempt, StaleAttempt | PersistenceError> {
    const stale: StaleAttempt = { kind: 'stale_attempt', attemptId: attempt.id };
    if (!isUuid(attempt.id)) return errAsync(stale);
    const stored = { ...attempt, last4: lastFourOnly(attempt.last4) };
    return this.sql
      .rows<{ id: string }>(
        `update payment_attempts set ${ATTEMPT_UPDATED.assignments} where id = ? and version = ? returning id`,
        [...ATTEMPT_UPDATED.params(stored), attempt.id, attempt.version - 1],
      )
      .andThen((rows) =>
        rows.length === 1
          ? okAsync<PaymentAttempt, StaleAttempt | PersistenceError>(structuredClone(stored))
          : errAsync(stale),
      );
  }

  findPendingAttempts(before: Instant, limit: number): ResultAsync<PaymentAttempt[], PersistenceError> {
    return this.sql
      .rows<StoredRow>(
        `select ${ATTEMPT.selectList} from payment_attempts
         where status in (${UNSETTLED_SQL}) and created_at <= ?::timestamptz order by created_at, id limit ?`,
        [before, limit],
      )
      .map((rows) => rows.map(ATTEMPT.read));
  }

  insertEntries(entries: readonly LedgerEntry[]): ResultAsync<void, PersistenceError> {
    if (entries.length === 0) return okAsync(undefined);
    const rows = entries.map(() => `(${ENTRY.every.placeholders})`).join(', ');
    const params = entries.flatMap((entry) =>
      ENTRY.every.params({ ...entry, last4: lastFourOnly(entry.last4) }),
    );
    return this.sql
      .rows(`insert into ledger_entries (${ENTRY.every.columns}) values ${rows}`, params)
      .map(() => undefined);
  }

  /** Entries are otherwise never changed: only the status and its time are written. */
  updateEntry(entry: LedgerEntry): ResultAsync<LedgerEntry, PersistenceError> {
    return this.sql
      .rows<StoredRow>(
        `update ledger_entries set ${ENTRY_UPDATED.assignments} where id = ?::uuid returning ${ENTRY.selectList}`,
        [...ENTRY_UPDATED.params(entry), entry.id],
      )
      .map((rows) => {
        // The service updates only entries it has read: a missing one is a bug.
        if (!rows[0]) throw new Error(`ledger entry ${entry.id} does not exist`);
        return ENTRY.read(rows[0]);
      });
  }

  /** Only while the entry is pending: a refund another process settled meanwhile stays settled. */
  noteRefundTried(entryId: string, at: Instant): ResultAsync<boolean, PersistenceError> {
    if (!isUuid(entryId)) return okAsync(false);
    return this.sql
      .rows<{ id: string }>(
        `update ledger_entries set updated_at = ?::timestamptz where id = ? and status = 'pending' returning id`,
        [at, entryId],
      )
      .map((rows) => rows.length === 1);
  }

  entriesOf(ticketId: string): ResultAsync<LedgerEntry[], PersistenceError> {
    if (!isUuid(ticketId)) return okAsync([]);
    return this.entries('ticket_id = ?', [ticketId]);
  }

  findPendingRefunds(before: Instant, limit: number): ResultAsync<LedgerEntry[], PersistenceError> {
    return this.entries(
      `kind = 'refund' and status = 'pending' and created_at <= ?::timestamptz`,
      [before],
      limit,
      'updated_at, created_at, id',
    );
  }

  entriesBetween(from: Instant, to: Instant, routeId?: string): ResultAsync<LedgerEntry[], PersistenceError> {
    const range = 'created_at >= ?::timestamptz and created_at < ?::timestamptz';
    if (routeId === undefined) return this.entries(range, [from, to]);
    if (!isUuid(routeId)) return okAsync([]);
    return this.entries(`route_id = ? and ${range}`, [routeId, from, to]);
  }

  private entries(
    where: string,
    params: readonly unknown[],
    limit?: number,
    order = 'created_at, id',
  ): ResultAsync<LedgerEntry[], PersistenceError> {
    const limited = limit === undefined ? '' : 'limit ?';
    return this.sql
      .rows<StoredRow>(
        `select ${ENTRY.selectList} from ledger_entries where ${where} order by ${order} ${limited}`,
        limit === undefined ? params : [...params, limit],
      )
      .map((rows) => rows.map(ENTRY.read));
  }
}
