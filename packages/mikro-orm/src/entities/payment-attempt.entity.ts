import { UNSETTLED_ATTEMPT_STATUSES } from '@booking/core';
import { EntitySchema } from '@mikro-orm/core';

/** The attempts reconciliation still settles, as an SQL list: `'pending', 'refunding'`. */
export const UNSETTLED_SQL = UNSETTLED_ATTEMPT_STATUSES.map((status) => `'${status}'`).join(', ');
export const UNSETTLED_INDEX = 'payment_attempts_unsettled_index';
export const UNSETTLED_INDEX_SQL =
  `create index "${UNSETTLED_INDEX}" on "payment_attempts" ("created_at", "id") ` +
  `where "status" in (${UNSETTLED_SQL})`;

/**
 * A row of `payment_attempts`: one try at paying for tickets (the core's `PaymentAttempt`),
 * committed before the gateway is called. The last four card digits at most, never a card number.
 */
export interface PaymentAttemptRow {
  id: string;
  ownerId: string;
  ticketIds: string[];
  amountCents: string;
  currency: string;
  status: string;
  chargeId: string | null;
  last4: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const PaymentAttemptEntity = new EntitySchema<PaymentAttemptRow>({
  name: 'PaymentAttemptRow',
  tableName: 'payment_attempts',
  properties: {
    id: { type: 'uuid', primary: true },
    ownerId: { type: 'text' },
    // The tickets are not foreign keys: the record of money outlives any ticket or route.
    ticketIds: { type: 'unknown', columnType: 'uuid[]' },
    amountCents: { type: 'bigint' },
    currency: { type: 'text' },
    status: { type: 'text' },
    chargeId: { type: 'text', nullable: true },
    last4: { type: 'string', length: 4, nullable: true },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3 },
    version: { type: 'integer' },
  },
  // Reconciliation reads the unsettled attempts, oldest first; they are few, so a partial index.
  indexes: [{ name: UNSETTLED_INDEX, expression: UNSETTLED_INDEX_SQL }],
});
