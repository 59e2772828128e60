import type { Payment, PaymentRepository, PersistenceError } from '@booking/core';
import { okAsync, type ResultAsync } from 'neverthrow';
import { isoColumn, isUuid, type Sql } from '../sql';

interface PaymentRecord {
  id: string;
  ticket_id: string;
  amount: string;
  currency: string;
  status: Payment['status'];
  last4: string;
  charge_id: string;
  created_at: string;
}

const COLUMNS = [
  'id',
  'ticket_id',
  'amount',
  'currency',
  'status',
  'last4',
  'charge_id',
  isoColumn('created_at'),
].join(', ');

/** Stores what the core's `Payment` holds: the last four digits, never a card number or a CVC. */
export class MikroOrmPaymentRepository implements PaymentRepository {
  constructor(private readonly sql: Sql) {}

  insert(payment: Payment): ResultAsync<Payment, PersistenceError> {
    return this.sql
      .rows(
        `insert into payments (id, ticket_id, amount, currency, status, last4, charge_id, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?::timestamptz)`,
        [
          payment.id,
          payment.ticketId,
          payment.amount,
          payment.currency,
          payment.status,
          payment.last4.slice(-4),
          payment.chargeId,
          payment.createdAt,
        ],
      )
      .map(() => structuredClone(payment));
  }

  findByTicket(ticketId: string): ResultAsync<Payment[], PersistenceError> {
    if (!isUuid(ticketId)) return okAsync([]);
    return this.sql
      .rows<PaymentRecord>(`select ${COLUMNS} from payments where ticket_id = ? order by created_at, id`, [
        ticketId,
      ])
      .map((rows) =>
        rows.map((row) => ({
          id: row.id,
          ticketId: row.ticket_id,
          amount: Number(row.amount),
          currency: row.currency,
          status: row.status,
          last4: row.last4,
          chargeId: row.charge_id,
          createdAt: row.created_at,
        })),
      );
  }
}
