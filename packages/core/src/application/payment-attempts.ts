import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { errors, type DomainError } from '../domain/errors';
import type { ChangedBy } from '../domain/history';
import { chargeEntries, type AttemptStatus, type PaymentAttempt } from '../domain/ledger';
import type { Transitioned } from '../domain/lifecycle';
import { amountOf, lastFour, type CardDetails } from '../domain/payment';
import type { Ticket } from '../domain/ticket';
import type { Charge } from '../ports/payment-gateway.port';
import type { TransactionScope } from '../ports/unit-of-work.port';
import type { BookingConfig, BookingPorts } from './booking-ports';
import { saveTransitions, type Saved } from './saving';

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
   * Gives a charge back in full because its tickets were not confirmed. The attempt is first claimed
   * (`refunding`, version-checked) so that only one process asks the gateway, and never for an
   * attempt that was in fact confirmed (a commit whose answer was lost) or that it cannot read:
   * those are left to reconciliation. Reports, never throws.
   */
  async refundInFull({ attempt, charge }: Charged): Promise<void> {
    const stored = await this.ports.payments.findAttempt(attempt.id);
    if (stored.isErr() || !stored.value || !REFUNDABLE.includes(stored.value.status)) return;
    const now = this.ports.clock.now().toISOString();
    const claim = { ...withCharge(stored.value, charge), status: 'refunding' as const, updatedAt: now };
    const claimed = await this.ports.payments.updateAttempt({ ...claim, version: claim.version + 1 });
    if (claimed.isOk()) await this.sendRefund(claimed.value);
  }

  /** Asks the gateway to give a `refunding` attempt's charge back (once per attempt), then records it. */
  async sendRefund(attempt: PaymentAttempt): Promise<void> {
    if (attempt.chargeId === null) throw new Error(`attempt ${attempt.id} is refunding without a charge`);
    const refunded = await this.ports.paymentGateway
      .refund({
        chargeId: attempt.chargeId,
        amountCents: attempt.amountCents,
        currency: attempt.currency,
        idempotencyKey: `${attempt.id}:refund`,
      })
      .mapErr((error): unknown => error)
      .andThen(() => this.settle(attempt, 'refunded'));
    if (refunded.isErr())
      this.config.onBackgroundError?.(refunded.error, `refund of charge ${attempt.chargeId}`);
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

/**
 * Attempts whose charge may go back: still open, or closed as never charged by a round that asked
 * the gateway before a slow charge landed.
 */
const REFUNDABLE: readonly AttemptStatus[] = ['pending', 'failed', 'declined'];

/** The attempt as it stands once the gateway charged, before its confirmation is written. */
export function withCharge(attempt: PaymentAttempt, charge: Charge): PaymentAttempt {
  return { ...attempt, chargeId: charge.chargeId, last4: charge.last4 || attempt.last4 };
}

/**
 * In the unit of work that confirms a charged attempt's tickets: the tickets (`paid`, version-checked),
 * the attempt `confirmed` (version-checked, so a reconciliation round and a live request cannot both
 * confirm it), and one charge entry per ticket. The answer is the confirmed attempt.
 */
export function recordConfirmed(
  tx: TransactionScope,
  charged: PaymentAttempt,
  paid: readonly Transitioned[],
  ports: Pick<BookingPorts, 'clock' | 'ids'>,
  by: ChangedBy,
): ResultAsync<Saved & { attempt: PaymentAttempt }, DomainError> {
  const now = ports.clock.now().toISOString();
  const attempt: PaymentAttempt = {
    ...charged,
    status: 'confirmed',
    updatedAt: now,
    version: charged.version + 1,
  };
  return saveTransitions(tx, paid, ports, by).andThen((saved) =>
    tx.payments
      .updateAttempt(attempt)
      .mapErr((error): DomainError =>
        error.kind === 'stale_attempt'
          ? errors.invalidTransition(
              charged.status,
              'confirm',
              `Payment ${charged.id} was settled meanwhile; any charge is given back.`,
            )
          : error,
      )
      .andThen(() =>
        tx.payments.insertEntries(
          chargeEntries(
            attempt,
            saved.tickets,
            saved.tickets.map(() => ports.ids.uuid()),
            now,
          ),
        ),
      )
      .map(() => ({ ...saved, attempt })),
  );
}
