import { okAsync, type ResultAsync } from 'neverthrow';
import { errors, type DomainError } from '../domain/errors';
import type { Exchanged } from '../domain/exchange';
import { exchangeMoney } from '../domain/exchange-money';
import { chargeEntries, type PaymentAttempt } from '../domain/ledger';
import { fromCents } from '../domain/money';
import type { Payment } from '../domain/payment';
import type { Ticket } from '../domain/ticket';
import type { Instant } from '../domain/time';
import type { TransactionScope } from '../ports/unit-of-work.port';
import type { BookingConfig, BookingPorts } from './booking-ports';
import type { Charged } from './payment-attempts';
import type { RefundSummary } from './refunds';

/** What an exchange did with the money, as its answer tells it. */
export interface ExchangeMoneyMoved {
  /** Sent back to the card, for a cheaper trip paid by card. */
  refund?: RefundSummary;
  /** The difference charged, for a dearer trip of a sold ticket. */
  payment?: Payment;
}

/**
 * An exchange's ledger rows, in its unit of work: the old ticket's money moved over (and any
 * cheaper part recorded as a pending refund, sent after the commit), and the difference charged
 * before the commit recorded on the new ticket.
 */
export class ExchangeLedger {
  constructor(
    private readonly ports: Pick<BookingPorts, 'ids'>,
    private readonly config: Pick<BookingConfig, 'currency'>,
  ) {}

  moveMoney(
    tx: TransactionScope,
    exchanged: Exchanged,
    charged: Charged | undefined,
    now: Instant,
  ): ResultAsync<ExchangeMoneyMoved, DomainError> {
    const { previous, ticket, differenceCents } = exchanged;
    return tx.payments.entriesOf(previous.ticket.id).andThen((entries) => {
      const money = exchangeMoney(entries, previous.ticket, ticket, differenceCents, {
        id: () => this.ports.ids.uuid(),
        now,
      });
      const refund =
        money.refundCents > 0
          ? { refund: { amount: fromCents(money.refundCents), fee: 0, currency: this.config.currency } }
          : {};
      return tx.payments
        .insertEntries(money.entries)
        .andThen(() => (charged ? this.recordCharge(tx, charged, ticket, now) : okAsync(undefined)))
        .map((payment) => ({ ...refund, ...(payment ? { payment } : {}) }));
    });
  }

  /** The difference's attempt confirmed (version-checked) and its charge entry on the new ticket. */
  private recordCharge(
    tx: TransactionScope,
    charged: Charged,
    ticket: Ticket,
    now: Instant,
  ): ResultAsync<Payment, DomainError> {
    const attempt: PaymentAttempt = {
      ...charged.attempt,
      status: 'confirmed',
      updatedAt: now,
      version: charged.attempt.version + 1,
    };
    const difference = { id: ticket.id, routeId: ticket.routeId, price: fromCents(attempt.amountCents) };
    return tx.payments
      .updateAttempt(attempt)
      .mapErr((error): DomainError =>
        error.kind === 'stale_attempt'
          ? errors.invalidTransition(
              charged.attempt.status,
              'confirm',
              `Payment ${attempt.id} was settled meanwhile; any charge is given back.`,
            )
          : error,
      )
      .andThen(() =>
        tx.payments.insertEntries(chargeEntries(attempt, [difference], [this.ports.ids.uuid()], now)),
      )
      .map(() => ({
        id: attempt.id,
        ticketId: ticket.id,
        amount: fromCents(attempt.amountCents),
        currency: attempt.currency,
        status: 'succeeded' as const,
        last4: attempt.last4 ?? '',
        createdAt: attempt.updatedAt,
      }));
  }
}
