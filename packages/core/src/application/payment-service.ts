import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import { transition } from '../domain/lifecycle';
import { lastFour, type CardDetails, type Payment } from '../domain/payment';
import type { Ticket } from '../domain/ticket';
import type { Charge } from '../ports/payment-gateway.port';
import type { BookingConfig, BookingPorts } from './booking-ports';
import { replayAfterFailure, replayIfSeen, runIdempotent, type IdempotencyInput } from './idempotency';
import type { ChangePublisher } from './publisher';
import { holdRanOut, writeTransition, type TicketService } from './ticket-service';

export interface PayCommand extends CardDetails {
  ticketId: string;
}

export interface PaymentReceipt {
  payment: Omit<Payment, 'chargeId'>;
  ticket: Ticket;
}

export class PaymentService {
  constructor(
    private readonly ports: BookingPorts,
    private readonly config: Pick<BookingConfig, 'currency' | 'onBackgroundError'>,
    private readonly tickets: TicketService,
    private readonly publisher: ChangePublisher,
  ) {}

  /**
   * Charges the card for a reserved ticket and confirms it. A declined card leaves the ticket as it
   * was; a hold that ran out charges nothing; a charge whose booking cannot be completed is refunded.
   */
  pay(
    actor: Actor,
    command: PayCommand,
    idempotency?: IdempotencyInput,
  ): ResultAsync<PaymentReceipt, DomainError> {
    const scope = `pay:${actor.userId}`;
    return replayIfSeen<PaymentReceipt>(this.ports.idempotency, scope, idempotency).andThen((seen) =>
      seen
        ? okAsync(seen)
        : this.tickets
            .get(actor, command.ticketId)
            .andThen((ticket) => this.payFor(ticket, command, scope, idempotency))
            .orElse((failure) =>
              replayAfterFailure<PaymentReceipt>(this.ports.idempotency, scope, idempotency, failure),
            ),
    );
  }

  private payFor(
    ticket: Ticket,
    card: CardDetails,
    scope: string,
    idempotency: IdempotencyInput | undefined,
  ): ResultAsync<PaymentReceipt, DomainError> {
    const now = this.ports.clock.now().toISOString();
    if (ticket.status === 'expired' || (ticket.status === 'reserved' && holdRanOut(ticket, now))) {
      return errAsync(errors.holdExpired(ticket.id));
    }
    if (ticket.status !== 'reserved') {
      return errAsync(
        errors.invalidTransition(ticket.status, 'pay', `A ${ticket.status} ticket cannot be paid for.`),
      );
    }
    const confirmed = transition(ticket, 'confirm', now);
    if (confirmed.isErr()) return errAsync(confirmed.error);
    return this.ports.paymentGateway
      .charge({ amount: ticket.price, currency: this.config.currency, card, reference: ticket.id })
      .mapErr((error): DomainError =>
        error.kind === 'declined'
          ? errors.paymentDeclined(error.reason)
          : errors.paymentGatewayUnavailable(error.cause),
      )
      .andThen((charge) => {
        const payment: Payment = {
          id: this.ports.ids.uuid(),
          ticketId: ticket.id,
          amount: ticket.price,
          currency: this.config.currency,
          status: 'succeeded',
          last4: charge.last4 || lastFour(card.cardNumber),
          chargeId: charge.chargeId,
          createdAt: now,
        };
        return runIdempotent(this.ports, scope, idempotency, (tx) =>
          writeTransition(
            tx,
            confirmed.value.ticket,
            confirmed.value.events,
            this.ports.clock,
            'pay',
            ticket.status,
          ).andThen((done) =>
            tx.payments.insert(payment).map(() => ({
              response: receiptOf(payment, done.ticket),
              change: { events: done.events, tickets: [done.ticket] },
            })),
          ),
        )
          .orElse((error) => this.refund(charge).andThen(() => errAsync(error)))
          .andThen((done) =>
            // A concurrent twin with the same key paid already: this charge is not needed.
            (done.replayed ? this.refund(charge) : okAsync(undefined))
              .andThen(() => ResultAsync.fromSafePromise(this.publisher.publish(done.change)))
              .map(() => done.response),
          );
      });
  }

  /** Gives back a charge whose booking was not completed; a failed refund is reported, not thrown. */
  private refund(charge: Charge): ResultAsync<void, never> {
    return ResultAsync.fromSafePromise(
      this.ports.paymentGateway.refund(charge.chargeId).match(
        () => undefined,
        (refundError) => this.config.onBackgroundError?.(refundError, `refund of charge ${charge.chargeId}`),
      ),
    );
  }
}

function receiptOf(payment: Payment, ticket: Ticket): PaymentReceipt {
  const { chargeId: _chargeId, ...visible } = payment;
  return { payment: visible, ticket };
}
