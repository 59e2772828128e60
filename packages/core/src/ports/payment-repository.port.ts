import type { ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { Payment } from '../domain/payment';

export interface PaymentRepository {
  insert(payment: Payment): ResultAsync<Payment, PersistenceError>;
  findByTicket(ticketId: string): ResultAsync<Payment[], PersistenceError>;
}
