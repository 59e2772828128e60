import { EntitySchema } from '@mikro-orm/core';

/**
 * A row of `ledger_entries`: money that moved for one ticket (the core's `LedgerEntry`). Ticket,
 * route and attempt are not foreign keys: the ledger keeps every row whatever is deleted.
 */
export interface LedgerEntryRow {
  id: string;
  attemptId: string;
  ticketId: string;
  routeId: string;
  kind: string;
  amountCents: string;
  feeCents: string;
  currency: string;
  status: string;
  chargeId: string;
  last4: string | null;
  transferTicketId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const LedgerEntryEntity = new EntitySchema<LedgerEntryRow>({
  name: 'LedgerEntryRow',
  tableName: 'ledger_entries',
  properties: {
    id: { type: 'uuid', primary: true },
    attemptId: { type: 'uuid' },
    ticketId: { type: 'uuid' },
    routeId: { type: 'uuid' },
    kind: { type: 'text' },
    amountCents: { type: 'bigint' },
    feeCents: { type: 'bigint' },
    currency: { type: 'text' },
    status: { type: 'text' },
    chargeId: { type: 'text' },
    last4: { type: 'string', length: 4, nullable: true },
    // An exchange's move of money between two tickets: the other ticket (not a foreign key either).
    transferTicketId: { type: 'uuid', nullable: true },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3 },
  },
  indexes: [
    // A ticket's entries, oldest first.
    { name: 'ledger_entries_ticket_index', properties: ['ticketId', 'createdAt', 'id'] },
    // The sales report: entries in a time range, of all routes or of one.
    { name: 'ledger_entries_created_at_index', properties: ['createdAt', 'id'] },
    { name: 'ledger_entries_route_created_at_index', properties: ['routeId', 'createdAt', 'id'] },
    // Refunds still to be given back, oldest first; few at any time, so a partial index.
    {
      name: 'ledger_entries_pending_refunds_index',
      expression: `create index "ledger_entries_pending_refunds_index" on "ledger_entries" ("created_at", "id") where "kind" = 'refund' and "status" = 'pending'`,
    },
  ],
});
