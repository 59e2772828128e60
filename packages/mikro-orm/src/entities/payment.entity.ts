import { EntitySchema } from '@mikro-orm/core';
import { TicketEntity, type TicketRow } from './ticket.entity';

/** A payment: the last four card digits only, never a full card number or a CVC. */
export interface PaymentRow {
  id: string;
  ticket: TicketRow;
  amount: string;
  currency: string;
  status: string;
  last4: string;
  chargeId: string;
  createdAt: Date;
}

export const PaymentEntity = new EntitySchema<PaymentRow>({
  name: 'PaymentRow',
  tableName: 'payments',
  properties: {
    id: { type: 'uuid', primary: true },
    ticket: {
      kind: 'm:1',
      entity: () => TicketEntity,
      deleteRule: 'cascade',
      index: 'payments_ticket_index',
    },
    amount: { type: 'decimal', precision: 10, scale: 2 },
    currency: { type: 'text' },
    status: { type: 'text' },
    last4: { type: 'string', length: 4 },
    chargeId: { type: 'text' },
    createdAt: { type: 'datetime', length: 3 },
  },
});
