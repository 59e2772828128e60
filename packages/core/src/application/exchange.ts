import { err, errAsync, ok, okAsync, ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import { exchangeTicket, type Exchanged, type ExchangeTarget } from '../domain/exchange';
import { exchangeMoney } from '../domain/exchange-money';
import { chargeEntries, type PaymentAttempt } from '../domain/ledger';
import { fromCents, type Cents } from '../domain/money';
import { chargeableCard, type CardDetails, type CardInput, type Payment } from '../domain/payment';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import { addSeconds, type Instant } from '../domain/time';
import type { SeatPolicy } from '../policies/seat-policy';
import type { TransactionScope } from '../ports/unit-of-work.port';
import { DEFAULT_PAYMENT_LOCK_SECONDS, type BookingConfig, type BookingPorts } from './booking-ports';
import type { CommandPipeline, Outcome } from './command-pipeline';
import type { IdempotencyInput } from './idempotency';
import { PaymentAttempts, type Charged } from './payment-attempts';
import type { RefundSummary, Refunds } from './refunds';
import { findRoute } from './route-lookup';
import { appendEvents, recordTicketChanges } from './saving';
import { seatAttempt } from './seat-change';
import { checkAll, locksOf, precheckAll, type SeatRules } from './seat-rules';
import type { TicketService } from './ticket-service';

/** Where to: the departure, the seat, the segment (default: the ticket's cities), and a card for a dearer trip. */
export interface ExchangeCommand extends ExchangeTarget {
  routeId: string;
  card?: CardInput;
}

/** An exchange's answer: the new ticket, the old one (cancelled), and what happened to the money. */
export interface ExchangeResult {
  ticket: Ticket;
  previous: Ticket;
  /** The new price less the old (negative: cheaper). */
  priceDifference: number;
  /** Sent back to the card, for a cheaper trip paid by card. */
  refund?: RefundSummary;
  /** The difference charged, for a dearer trip of a sold ticket. */
  payment?: Payment;
}

/** An exchange as decided before its unit of work. */
interface ExchangePlan {
  old: Ticket;
  exchanged: Exchanged;
  policies: SeatPolicy[];
  /** What the card is charged before the commit (0: nothing). */
  chargeCents: Cents;
  card?: CardDetails;
}

/**
 * Moves a ticket to another departure (or another segment or seat of its own): a new ticket and the
 * old one's cancellation (no fee) in one unit of work across both routes, or nothing. The routes are
 * locked in the order of their ids (exclusive where a seat rule reads the route, and for an exchange
 * within one route), so two opposite exchanges never wait for each other crosswise. A sold ticket
 * moving to a dearer trip pays the difference by card before the commit (given back if it does not
 * commit); a cheaper one gets the difference back after it. A reservation stays a reservation (its
 * price is paid when it is paid).
 */
export class Exchange {
  private readonly attempts: PaymentAttempts;

  constructor(
    private readonly ports: BookingPorts,
    private readonly config: Pick<BookingConfig, 'currency' | 'paymentLockSeconds' | 'onBackgroundError'>,
    private readonly rules: SeatRules,
    private readonly tickets: Pick<TicketService, 'get'>,
    private readonly pipeline: CommandPipeline,
    private readonly refunds: Pick<Refunds, 'sendFor'>,
  ) {
    this.attempts = new PaymentAttempts(ports, config);
  }

  run(
    actor: Actor,
    ticketId: string,
    command: ExchangeCommand,
    idempotency?: IdempotencyInput,
  ): ResultAsync<ExchangeResult, DomainError> {
    const now = this.ports.clock.now().toISOString();
    return this.pipeline.run({
      scope: `exchange:${actor.userId}`,
      idempotency,
      prepare: () => this.plan(actor, ticketId, command, now),
      claim: (plan, rest) => (plan.chargeCents > 0 ? this.whileLocked(plan, rest, now) : rest(plan)),
      beforeCommit: {
        run: (plan) => this.charge(plan),
        undo: async (charged) => (charged ? this.attempts.refundInFull(charged) : undefined),
      },
      transaction: (tx, plan, charged) => this.write(tx, actor, command, plan, charged, now),
      afterCommit: (result) => (result.refund ? this.refunds.sendFor(result.previous.id) : Promise.resolve()),
    });
  }

  /** The ticket as its reader may see it, both routes, the rules, the seat rules' prechecks, the card. */
  private plan(
    actor: Actor,
    ticketId: string,
    command: ExchangeCommand,
    now: Instant,
  ): ResultAsync<ExchangePlan, DomainError> {
    const policies = this.rules.for(actor);
    return this.tickets.get(actor, ticketId).andThen((old) =>
      findRoute(this.ports.routes, old.routeId).andThen((route) =>
        findRoute(this.ports.routes, command.routeId).andThen((target) => {
          const newId = this.ports.ids.uuid();
          return exchangeTicket(old, command, { actor, route, now, target, ticketId: newId })
            .andThen((exchanged) =>
              precheckAll(policies, seatAttempt(actor, target, exchanged.ticket, now)).map(() => exchanged),
            )
            .andThen((exchanged) => {
              // A reservation is paid for later, at its new price; a sold ticket pays the difference now.
              const chargeCents = old.status === 'reserved' ? 0 : Math.max(0, exchanged.differenceCents);
              const plan = { old, exchanged, policies, chargeCents };
              if (chargeCents === 0) return ok<ExchangePlan, DomainError>(plan);
              if (!command.card)
                return err(errors.paymentRequired(fromCents(chargeCents), this.config.currency));
              return chargeableCard(command.card, now).map((card): ExchangePlan => ({ ...plan, card }));
            });
        }),
      ),
    );
  }

  /**
   * Holds the old ticket's payment lock while the difference is charged and the exchange commits:
   * a second exchange (or a payment) of it meanwhile is `payment_in_progress` and charges nothing.
   */
  private whileLocked(
    plan: ExchangePlan,
    rest: (plan: ExchangePlan) => ResultAsync<ExchangeResult, DomainError>,
    now: Instant,
  ): ResultAsync<ExchangeResult, DomainError> {
    const lease = this.config.paymentLockSeconds ?? DEFAULT_PAYMENT_LOCK_SECONDS;
    const claim = {
      attemptId: this.ports.ids.uuid(),
      ticketIds: [plan.old.id],
      expiresAt: addSeconds(now, lease),
    };
    return this.ports.paymentLocks.acquire(claim, now).andThen((acquired) => {
      if (!acquired) return errAsync(errors.paymentInProgress(plan.old.id));
      const run = async () => {
        try {
          return await rest(plan);
        } finally {
          const released = await this.ports.paymentLocks.release(claim);
          // The claim lapses on its own; nothing is lost but a little time.
          if (released.isErr())
            this.config.onBackgroundError?.(released.error, `release of the payment lock of ${plan.old.id}`);
        }
      };
      return new ResultAsync(run());
    });
  }

  /** The difference, charged before the commit under the new ticket's id (nothing when none is due). */
  private charge(plan: ExchangePlan): ResultAsync<Charged | undefined, DomainError> {
    if (plan.chargeCents === 0 || !plan.card) return okAsync(undefined);
    const { ticket } = plan.exchanged;
    const difference = { ...ticket, price: fromCents(plan.chargeCents) };
    return this.attempts.charge(plan.old.ownerId, [difference], plan.card);
  }

  private write(
    tx: TransactionScope,
    actor: Actor,
    command: ExchangeCommand,
    plan: ExchangePlan,
    charged: Charged | undefined,
    now: Instant,
  ): ResultAsync<Outcome<ExchangeResult>, DomainError> {
    const { old, policies } = plan;
    return this.lock(tx, actor, plan)
      .andThen(({ route, target }) =>
        // Decided again on both routes as they are now (cancelled or moved meanwhile).
        exchangeTicket(old, command, {
          actor,
          route,
          now,
          target,
          ticketId: plan.exchanged.ticket.id,
        }).asyncAndThen((exchanged) => this.swap(tx, exchanged).map(() => ({ exchanged, target }))),
      )
      .andThen(({ exchanged, target }) =>
        checkAll(policies, seatAttempt(actor, target, exchanged.ticket, now), tx)
          .andThen(() => this.moveMoney(tx, exchanged, charged, now))
          .andThen((money) =>
            recordTicketChanges(tx, this.ports, actor, [
              { action: 'exchange', before: old, after: exchanged.previous.ticket },
              { action: 'exchange', after: exchanged.ticket },
            ])
              .andThen(() =>
                appendEvents(tx, [...exchanged.previous.events, ...exchanged.events], this.ports.clock),
              )
              .map((events) => {
                const { ticket } = exchanged;
                const previous = exchanged.previous.ticket;
                const priceDifference = fromCents(exchanged.differenceCents);
                const answer: ExchangeResult = { ticket, previous, priceDifference, ...money };
                return { answer, events, tickets: [previous, ticket] };
              }),
          ),
      );
  }

  /**
   * Both routes' locks in the order of their ids (one lock when it is one route), each route read
   * again under its lock; then the owner's lock when a seat rule needs it.
   */
  private lock(
    tx: TransactionScope,
    actor: Actor,
    plan: ExchangePlan,
  ): ResultAsync<{ route: Route; target: Route }, DomainError> {
    const routeId = plan.old.routeId;
    const targetId = plan.exchanged.ticket.routeId;
    const needed = locksOf(plan.policies);
    const exclusive = (id: string) => routeId === targetId || (id === targetId && needed.has('route'));
    const ids = [...new Set([routeId, targetId])].sort();
    const locked = ids.reduce(
      (chain, id) =>
        chain.andThen(() =>
          (exclusive(id) ? tx.locks.route(id) : tx.locks.routeShared(id)).map(() => undefined),
        ),
      okAsync<void, DomainError>(undefined),
    );
    return locked
      .andThen(() => (needed.has('owner') ? tx.locks.owner(actor.userId) : okAsync(undefined)))
      .andThen(() => findRoute(tx.routes, routeId))
      .andThen((route) => findRoute(tx.routes, targetId).map((target) => ({ route, target })));
  }

  /**
   * The new ticket in, the old one cancelled (version-checked). Across two routes the new seat is
   * claimed first: a claim never waits for a seat an exchange in flight is giving up, so two
   * opposite exchanges cannot wait for each other. Within one route (under its exclusive lock) the
   * old seat goes first, so the ticket can move to a longer segment of its own seat.
   */
  private swap(tx: TransactionScope, exchanged: Exchanged): ResultAsync<void, DomainError> {
    const { previous, ticket } = exchanged;
    const cancel = () =>
      tx.tickets
        .update(previous.ticket)
        .map(() => undefined)
        .mapErr((error): DomainError =>
          error.kind === 'stale_ticket'
            ? errors.invalidTransition(
                previous.from,
                'exchange',
                'The ticket was changed at the same time; reload it and try again.',
              )
            : error,
        );
    const insert = () => tx.tickets.insertIfSeatFree(ticket).map(() => undefined);
    return previous.ticket.routeId === ticket.routeId ? cancel().andThen(insert) : insert().andThen(cancel);
  }

  /** The old ticket's money moved over (and any cheaper part refunded), and the difference charged recorded. */
  private moveMoney(
    tx: TransactionScope,
    exchanged: Exchanged,
    charged: Charged | undefined,
    now: Instant,
  ): ResultAsync<Pick<ExchangeResult, 'refund' | 'payment'>, DomainError> {
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
