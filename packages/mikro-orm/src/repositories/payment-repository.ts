import type { Payment, PaymentRepository, PersistenceError } from '@booking/core';
import { okAsync, type ResultAsync } from 'neverthrow';
import { column, ColumnMap, decimal, instant, text, uuid, varchar, type StoredRow } from '../column-map';
import { PaymentEntity } from '../entities/payment.entity';
import { isUuid, type Sql } from '../sql';

/** The `payments` table, column by column: every statement below takes its columns from here. */
export const PAYMENT_COLUMNS = new ColumnMap<Payment>(PaymentEntity, {
  id: column('id', uuid()),
  ticketId: column('ticket_id', uuid()),
  amount: column('amount', decimal()),
  currency: column('currency', text()),
  status: column('status', text<Payment['status']>()),
  last4: column('last4', varchar()),
  chargeId: column('charge_id', text()),
  createdAt: column('created_at', instant()),
});

const INSERTED = PAYMENT_COLUMNS.every;

/** Stores what the core's `Payment` holds: the last four digits, never a card number or a CVC. */
export class MikroOrmPaymentRepository implements PaymentRepository {
  constructor(private readonly sql: Sql) {}

  insert(payment: Payment): ResultAsync<Payment, PersistenceError> {
    return this.sql
      .rows(
        `insert into payments (${INSERTED.columns}) values (${INSERTED.placeholders})`,
        INSERTED.params({ ...payment, last4: payment.last4.slice(-4) }),
      )
      .map(() => structuredClone(payment));
  }

  findByTicket(ticketId: string): ResultAsync<Payment[], PersistenceError> {
    if (!isUuid(ticketId)) return okAsync([]);
    return this.sql
      .rows<StoredRow>(
        `select ${PAYMENT_COLUMNS.selectList} from payments where ticket_id = ? order by created_at, id`,
        [ticketId],
      )
      .map((rows) => rows.map(PAYMENT_COLUMNS.read));
  }
}
