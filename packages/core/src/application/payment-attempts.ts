import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { errors, type DomainError } from '../domain/errors';
import type { AttemptStatus, PaymentAttempt } from '../domain/ledger';
import { amountOf, lastFour, type CardDetails } from '../domain/payment';
import type { Ticket } from '../domain/ticket';
import type { Charge } from '../ports/payment-gateway.port';
import type { BookingConfig, BookingPorts } from './booking-ports';

/** A charge the gateway made for an attempt. */
export interface Charged {
  attempt: PaymentAttempt;
  charge: Charge;
}

/**
 * The payment attempts' side effects outside any booking transaction: an attempt is committed
 * before the gateway is called (its id is the idempotency key the gateway sees), then charged,
 * and given back in full when its tickets cannot be confirmed.
 */
export class PaymentAttempts {
  constructor(
    private readonly ports: Pick<BookingPorts, 'payments' | 'paymentGateway' | 'clock' | 'ids'>,
    private readonly config: Pick<BookingConfig, 'currency' | 'onBackgroundError'>,
  ) {}

  /**
   * Commits a pending attempt for `tickets` (the named one first), then charges the card once for
   * all of them. A decline is recorded (`declined`); an outage or a lost answer leaves the attempt
   * `pending`, for reconciliation to ask the gateway what happened.
   */
  charge(ownerId: string, tickets: readonly Ticket[], card: CardDetails): ResultAsync<Charged, DomainError> {
    const now = this.ports.clock.now().toISOString();
    const attempt: PaymentAttempt = {
      id: this.ports.ids.uuid(),
      ownerId,
      ticketIds: tickets.map((t) => t.id),
      amountCents: amountOf(tickets),
      currency: this.config.currency,
      status: 'pending',
      chargeId: null,
      last4: lastFour(card.cardNumber),
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    return this.ports.payments.insertAttempt(attempt).andThen((pending) =>
      this.ports.paymentGateway
        .charge({
          amountCents: pending.amountCents,
          currency: pending.currency,
          card,
          reference: pending.ticketIds[0] as string,
          idempotencyKey: pending.id,
        })
        .map((charge) => ({ attempt: withCharge(pending, charge), charge }))
        .orElse((error) =>
          error.kind === 'declined'
            ? this.settle(pending, 'declined').andThen(() => errAsync(errors.paymentDeclined(error.reason)))
            : errAsync(errors.paymentGatewayUnavailable(error.cause)),
        ),
    );
  }

  /**
   * Gives a charge back in full because its tickets were not confirmed, unless the attempt was in
   * fact confirmed (a commit whose answer was lost). A failed refund leaves the attempt `pending`:
   * reconciliation tries again. Reports, never throws.
   */
  async refundInFull({ attempt, charge }: Charged): Promise<void> {
    const stored = await this.ports.payments.findAttempt(attempt.id);
    if (stored.isOk() && stored.value?.status === 'confirmed') return;
    const refunded = await this.ports.paymentGateway
      .refund({
        chargeId: charge.chargeId,
        amountCents: charge.amountCents,
        currency: charge.currency,
        idempotencyKey: `${attempt.id}:refund`,
      })
      .andThen(() =>
        stored.isOk() && stored.value ? this.settle(stored.value, 'refunded') : okAsync(undefined),
      );
    if (refunded.isErr())
      this.config.onBackgroundError?.(refunded.error, `refund of charge ${charge.chargeId}`);
  }

  /** Records how an attempt ended, if nobody else has recorded it meanwhile. */
  settle(attempt: PaymentAttempt, status: AttemptStatus): ResultAsync<void, DomainError> {
    const now = this.ports.clock.now().toISOString();
    return this.ports.payments
      .updateAttempt({ ...attempt, status, updatedAt: now, version: attempt.version + 1 })
      .map(() => undefined)
      .orElse((error) => (error.kind === 'stale_attempt' ? okAsync(undefined) : errAsync(error)));
  }
}

/** The attempt as it stands once the gateway charged, before its confirmation is written. */
export function withCharge(attempt: PaymentAttempt, charge: Charge): PaymentAttempt {
  return { ...attempt, chargeId: charge.chargeId, last4: charge.last4 || attempt.last4 };
}
