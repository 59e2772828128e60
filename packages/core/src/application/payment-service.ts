import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import { transition } from '../domain/lifecycle';
import { chargeableCard, lastFour, type CardDetails, type CardInput, type Payment } from '../domain/payment';
import type { SeatEvent } from '../domain/seat-event';
import type { Ticket } from '../domain/ticket';
import { addSeconds } from '../domain/time';
import type { Charge } from '../ports/payment-gateway.port';
import { DEFAULT_PAYMENT_LOCK_SECONDS, type BookingConfig, type BookingPorts } from './booking-ports';
import { replayAfterFailure, replayIfSeen, runIdempotent, type IdempotencyInput } from './idempotency';
import type { ChangePublisher } from './publisher';
import { holdRanOut, MAX_TICKET_PAGE, writeTransition, type TicketService } from './ticket-service';

export interface PayCommand extends CardInput {
  ticketId: string;
}

/** Pays a whole booking by its PNR (the same as paying any one of its reserved tickets). */
export interface PayBookingCommand extends CardInput {
  pnrNumber: string;
}

export interface PaymentReceipt {
  payment: Omit<Payment, 'chargeId'>;
  /** The ticket named in the request (for a PNR: its first reserved ticket by seat). */
  ticket: Ticket;
  /** Every ticket this payment confirmed; present only when it paid more than one (a group). */
  tickets?: Ticket[];
}

export class PaymentService {
  constructor(
    private readonly ports: BookingPorts,
    private readonly config: Pick<BookingConfig, 'currency' | 'paymentLockSeconds' | 'onBackgroundError'>,
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
            // Before anything is charged: a departed bus's seats are not paid for.
            .andThen((ticket) =>
              this.tickets
                .checkDepartureOf(ticket, actor, 'pay', this.ports.clock.now().toISOString())
                .map(() => ticket),
            )
            .andThen((ticket) => this.payFor(ticket, command, scope, idempotency))
            .orElse((failure) =>
              replayAfterFailure<PaymentReceipt>(this.ports.idempotency, scope, idempotency, failure),
            ),
    );
  }

  /** Pays every reserved ticket of a PNR with one charge; a PNR the actor may not see is `ticket_not_found`. */
  payBooking(
    actor: Actor,
    command: PayBookingCommand,
    idempotency?: IdempotencyInput,
  ): ResultAsync<PaymentReceipt, DomainError> {
    const { pnrNumber, ...card } = command;
    return this.tickets.list(actor, { pnr: pnrNumber, limit: MAX_TICKET_PAGE }).andThen((page) => {
      const bySeat = [...page.tickets].sort((a, b) => a.seatNumber - b.seatNumber);
      const first = bySeat.find((t) => t.status === 'reserved') ?? bySeat[0];
      if (!first) {
        return errAsync({
          ...errors.ticketNotFound(pnrNumber),
          message: `No booking with PNR ${pnrNumber} was found.`,
        });
      }
      return this.pay(actor, { ...card, ticketId: first.id }, idempotency);
    });
  }

  /** The other reserved tickets of the same PNR whose hold still runs: one payment confirms them too. */
  private companions(ticket: Ticket, now: string): ResultAsync<Ticket[], DomainError> {
    return this.ports.tickets
      .list({ pnrNumber: ticket.pnrNumber, ownerId: ticket.ownerId, limit: MAX_TICKET_PAGE })
      .map((found) =>
        found
          .filter((t) => t.id !== ticket.id && t.status === 'reserved' && !holdRanOut(t, now))
          .sort((a, b) => a.seatNumber - b.seatNumber),
      );
  }

  private payFor(
    ticket: Ticket,
    card: CardInput,
    scope: string,
    idempotency: IdempotencyInput | undefined,
  ): ResultAsync<PaymentReceipt, DomainError> {
    const now = this.ports.clock.now().toISOString();
    const unpayable = whyUnpayable(ticket, now);
    if (unpayable) return errAsync(unpayable);
    // An expired card is declined here, before the gateway is asked (whichever gateway it is).
    const chargeable = chargeableCard(card, now);
    if (chargeable.isErr()) return errAsync(chargeable.error);
    return this.companions(ticket, now).andThen((others) =>
      this.whileLocked([ticket, ...others], now, (locked) =>
        this.chargeAndConfirm(locked, chargeable.value, scope, idempotency, now),
      ),
    );
  }

  /**
   * Runs `pay` holding the payment lock of every ticket, taken before the gateway is called: a
   * concurrent payment of any of them answers `payment_in_progress` and charges nothing. The
   * tickets are read again under the lock, so a payment that completed meanwhile is seen.
   */
  private whileLocked(
    tickets: Ticket[],
    now: string,
    pay: (locked: Ticket[]) => ResultAsync<PaymentReceipt, DomainError>,
  ): ResultAsync<PaymentReceipt, DomainError> {
    const ticket = tickets[0] as Ticket;
    const claim = {
      attemptId: this.ports.ids.uuid(),
      ticketIds: tickets.map((t) => t.id),
      expiresAt: addSeconds(now, this.config.paymentLockSeconds ?? DEFAULT_PAYMENT_LOCK_SECONDS),
    };
    return this.ports.paymentLocks.acquire(claim, now).andThen((acquired) => {
      if (!acquired) return errAsync(errors.paymentInProgress(ticket.id));
      const release = () =>
        this.ports.paymentLocks.release(claim).match(
          () => undefined,
          // The claim lapses on its own; nothing is lost but a little time.
          (error) => this.config.onBackgroundError?.(error, `release of the payment lock of ${ticket.id}`),
        );
      const run = async () => {
        try {
          return await this.reread(tickets, now).andThen(pay);
        } finally {
          await release();
        }
      };
      return new ResultAsync(run());
    });
  }

  /** The tickets as stored now: the first must still be payable; the others still reserved and held. */
  private reread(tickets: Ticket[], now: string): ResultAsync<Ticket[], DomainError> {
    return ResultAsync.combine(tickets.map((t) => this.ports.tickets.findById(t.id))).andThen((found) => {
      const [ticket, ...others] = found;
      if (!ticket) return errAsync(errors.ticketNotFound((tickets[0] as Ticket).id));
      const unpayable = whyUnpayable(ticket, now);
      if (unpayable) return errAsync(unpayable);
      const held = others.filter(
        (t): t is Ticket => t !== undefined && t.status === 'reserved' && !holdRanOut(t, now),
      );
      return okAsync([ticket, ...held]);
    });
  }

  /** One charge for all `tickets` (the first is the one asked for), then all confirmed in one unit of work. */
  private chargeAndConfirm(
    tickets: Ticket[],
    card: CardDetails,
    scope: string,
    idempotency: IdempotencyInput | undefined,
    now: string,
  ): ResultAsync<PaymentReceipt, DomainError> {
    const ticket = tickets[0] as Ticket;
    const confirmations = tickets.map((t) => transition(t, 'confirm', now));
    const refused = confirmations.find((c) => c.isErr());
    if (refused?.isErr()) return errAsync(refused.error);
    const confirmed = confirmations.map((c) => c._unsafeUnwrap());
    // Whole cents, so 3 x 19.99 is 59.97 and not 59.970000000000006.
    const amount = Math.round(tickets.reduce((sum, t) => sum + t.price * 100, 0)) / 100;
    return this.ports.paymentGateway
      .charge({ amount, currency: this.config.currency, card, reference: ticket.id })
      .mapErr((error): DomainError =>
        error.kind === 'declined'
          ? errors.paymentDeclined(error.reason)
          : errors.paymentGatewayUnavailable(error.cause),
      )
      .andThen((charge) => {
        const payment: Payment = {
          id: this.ports.ids.uuid(),
          ticketId: ticket.id,
          amount,
          currency: this.config.currency,
          status: 'succeeded',
          last4: charge.last4 || lastFour(card.cardNumber),
          chargeId: charge.chargeId,
          createdAt: now,
        };
        return runIdempotent(this.ports, scope, idempotency, (tx) =>
          confirmed
            .reduce(
              (chain, next) =>
                chain.andThen((done) =>
                  writeTransition(tx, next.ticket, next.events, this.ports.clock, 'pay', 'reserved').map(
                    (written) => [...done, written],
                  ),
                ),
              okAsync<{ ticket: Ticket; events: SeatEvent[] }[], DomainError>([]),
            )
            .andThen((done) =>
              tx.payments.insert(payment).map(() => ({
                response: receiptOf(
                  payment,
                  done.map((d) => d.ticket),
                ),
                change: { events: done.flatMap((d) => d.events), tickets: done.map((d) => d.ticket) },
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

/** Why a ticket cannot be paid for at `now`, if it cannot. */
function whyUnpayable(ticket: Ticket, now: string): DomainError | undefined {
  if (ticket.status === 'expired' || (ticket.status === 'reserved' && holdRanOut(ticket, now))) {
    return errors.holdExpired(ticket.id);
  }
  if (ticket.status !== 'reserved') {
    return errors.invalidTransition(ticket.status, 'pay', `A ${ticket.status} ticket cannot be paid for.`);
  }
  return undefined;
}

function receiptOf(payment: Payment, tickets: Ticket[]): PaymentReceipt {
  const { chargeId: _chargeId, ...visible } = payment;
  const receipt: PaymentReceipt = { payment: visible, ticket: tickets[0] as Ticket };
  return tickets.length > 1 ? { ...receipt, tickets } : receipt;
}
