import { errAsync, ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import { bySeat } from '../domain/booking';
import { errors, type DomainError } from '../domain/errors';
import type { Transitioned } from '../domain/lifecycle';
import { ticketPayments, type PaymentAttempt, type TicketPayments } from '../domain/ledger';
import { fromCents } from '../domain/money';
import { chargeableCard, type CardDetails, type CardInput, type Payment } from '../domain/payment';
import type { Ticket } from '../domain/ticket';
import { payTogether, type Occasion } from '../domain/ticket-rules';
import { addSeconds } from '../domain/time';
import { DEFAULT_PAYMENT_LOCK_SECONDS, type BookingConfig, type BookingPorts } from './booking-ports';
import type { CommandPipeline } from './command-pipeline';
import type { IdempotencyInput } from './idempotency';
import { PaymentAttempts, recordConfirmed } from './payment-attempts';
import { Reconciliation, type ReconciliationReport } from './reconciliation';
import type { Refunds } from './refunds';
import { MAX_TICKET_PAGE, type TicketService } from './ticket-service';

export interface PayCommand extends CardInput {
  ticketId: string;
}

/** Pays a whole booking by its PNR (the same as paying any one of its reserved tickets). */
export interface PayBookingCommand extends CardInput {
  pnrNumber: string;
}

export interface PaymentReceipt {
  payment: Payment;
  /** The ticket named in the request (for a PNR: its first reserved ticket by seat). */
  ticket: Ticket;
  /** Every ticket this payment confirmed; present only when it paid more than one (a group). */
  tickets?: Ticket[];
}

/** A payment as decided before the charge: the card, and the ticket asked for first, then its companions. */
interface PaymentPlan {
  occasion: Occasion;
  card: CardDetails;
  paid: Transitioned[];
}

export class PaymentService {
  private readonly attempts: PaymentAttempts;
  private readonly reconciliation: Reconciliation;

  constructor(
    private readonly ports: BookingPorts,
    private readonly config: Pick<BookingConfig, 'currency' | 'paymentLockSeconds' | 'onBackgroundError'>,
    private readonly tickets: TicketService,
    private readonly pipeline: CommandPipeline,
    refunds: Pick<Refunds, 'sendPending'>,
  ) {
    this.attempts = new PaymentAttempts(ports, config);
    this.reconciliation = new Reconciliation(ports, config, pipeline, this.attempts, refunds);
  }

  /**
   * Settles payments a crash or a lost answer left open, and sends unconfirmed refunds again (see
   * `Reconciliation`). The background jobs run it every round; run it at start too.
   */
  reconcile(now?: Date): ResultAsync<ReconciliationReport, DomainError> {
    return this.reconciliation.run(now);
  }

  /**
   * Charges the card for a reserved ticket (and the other held tickets of its PNR) and confirms
   * them. The attempt is committed before the gateway is called, so a crash in between is found
   * and settled by `reconcile`. A declined card leaves the tickets as they were; a hold that ran out
   * or a departed bus charges nothing; a charge whose booking cannot be completed is refunded.
   * The charge is recorded per ticket in the ledger, each ticket's share its price.
   */
  pay(
    actor: Actor,
    command: PayCommand,
    idempotency?: IdempotencyInput,
  ): ResultAsync<PaymentReceipt, DomainError> {
    return this.pipeline.run({
      scope: `pay:${actor.userId}`,
      idempotency,
      prepare: () => this.plan(actor, command),
      claim: (plan, rest) => this.whileLocked(plan, rest),
      beforeCommit: {
        run: (plan) => this.attempts.charge(plan.occasion.actor.userId, ticketsOf(plan), plan.card),
        undo: (charged) => this.attempts.refundInFull(charged),
      },
      transaction: (tx, plan, { attempt }) =>
        recordConfirmed(tx, attempt, plan.paid, this.ports, plan.occasion.actor).map((saved) => ({
          ...saved,
          answer: receiptOf(saved.attempt, saved.tickets),
        })),
    });
  }

  /** The money of one ticket as its reader may see it: each charge and refund entry, and the totals. */
  ticketPayments(actor: Actor, ticketId: string): ResultAsync<TicketPayments, DomainError> {
    return this.tickets
      .get(actor, ticketId)
      .andThen((ticket) =>
        this.ports.payments
          .entriesOf(ticket.id)
          .map((entries) => ticketPayments(ticket.id, this.config.currency, entries)),
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
      const seats = bySeat(page.tickets);
      const first = seats.find((t) => t.status === 'reserved') ?? seats[0];
      if (!first) {
        return errAsync({
          ...errors.ticketNotFound(pnrNumber),
          message: `No booking with PNR ${pnrNumber} was found.`,
        });
      }
      return this.pay(actor, { ...card, ticketId: first.id }, idempotency);
    });
  }

  /** The ticket as its reader may see it, its PNR, the rules of paying, then the card (expired cards go no further). */
  private plan(actor: Actor, command: PayCommand): ResultAsync<PaymentPlan, DomainError> {
    const now = this.ports.clock.now().toISOString();
    return this.tickets.get(actor, command.ticketId).andThen((ticket) =>
      this.tickets.occasion(actor, ticket, now).andThen((occasion) =>
        this.ports.tickets
          .list({ pnrNumber: ticket.pnrNumber, ownerId: ticket.ownerId, limit: MAX_TICKET_PAGE })
          .andThen((pnr) => payTogether(ticket, pnr, occasion))
          .andThen((paid) => chargeableCard(command, now).map((card) => ({ occasion, card, paid }))),
      ),
    );
  }

  /**
   * Runs the rest of the payment holding the payment lock of every ticket it pays, taken before the
   * gateway is called: a concurrent payment of any of them answers `payment_in_progress` and charges
   * nothing. The tickets are read again under the lock, so a payment that completed meanwhile is seen.
   */
  private whileLocked(
    plan: PaymentPlan,
    pay: (plan: PaymentPlan) => ResultAsync<PaymentReceipt, DomainError>,
  ): ResultAsync<PaymentReceipt, DomainError> {
    const { now } = plan.occasion;
    const ticketIds = plan.paid.map((p) => p.ticket.id);
    const claim = {
      attemptId: this.ports.ids.uuid(),
      ticketIds,
      expiresAt: addSeconds(now, this.config.paymentLockSeconds ?? DEFAULT_PAYMENT_LOCK_SECONDS),
    };
    const named = ticketIds[0] as string;
    return this.ports.paymentLocks.acquire(claim, now).andThen((acquired) => {
      if (!acquired) return errAsync(errors.paymentInProgress(named));
      const release = () =>
        this.ports.paymentLocks.release(claim).match(
          () => undefined,
          // The claim lapses on its own; nothing is lost but a little time.
          (error) => this.config.onBackgroundError?.(error, `release of the payment lock of ${named}`),
        );
      const run = async () => {
        try {
          return await this.reread(plan, ticketIds).andThen(pay);
        } finally {
          await release();
        }
      };
      return new ResultAsync(run());
    });
  }

  /** The plan again from the tickets as stored now (the rules decide afresh). */
  private reread(plan: PaymentPlan, ticketIds: readonly string[]): ResultAsync<PaymentPlan, DomainError> {
    return ResultAsync.combine(ticketIds.map((id) => this.ports.tickets.findById(id))).andThen((found) => {
      const [ticket, ...others] = found;
      if (!ticket) return errAsync(errors.ticketNotFound(ticketIds[0] as string));
      const stillThere = others.filter((t): t is Ticket => t !== undefined);
      return payTogether(ticket, stillThere, plan.occasion).map((paid) => ({ ...plan, paid }));
    });
  }
}

function ticketsOf(plan: PaymentPlan): Ticket[] {
  return plan.paid.map((p) => p.ticket);
}

function receiptOf(attempt: PaymentAttempt, tickets: Ticket[]): PaymentReceipt {
  const payment: Payment = {
    id: attempt.id,
    ticketId: attempt.ticketIds[0] as string,
    amount: fromCents(attempt.amountCents),
    currency: attempt.currency,
    status: 'succeeded',
    last4: attempt.last4 ?? '',
    createdAt: attempt.updatedAt,
  };
  const receipt: PaymentReceipt = { payment, ticket: tickets[0] as Ticket };
  return tickets.length > 1 ? { ...receipt, tickets } : receipt;
}
