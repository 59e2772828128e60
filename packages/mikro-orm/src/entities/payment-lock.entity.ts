import { EntitySchema } from '@mikro-orm/core';

/** A payment attempt's claim on one ticket, until `expiresAt` (see `PaymentLocks` in the core). */
export interface PaymentLockRow {
  ticketId: string;
  attemptId: string;
  expiresAt: Date;
}

export const PaymentLockEntity = new EntitySchema<PaymentLockRow>({
  name: 'PaymentLockRow',
  tableName: 'payment_locks',
  properties: {
    ticketId: { type: 'uuid', primary: true },
    attemptId: { type: 'uuid' },
    expiresAt: { type: 'datetime', length: 3 },
  },
});
