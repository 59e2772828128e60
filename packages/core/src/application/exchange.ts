import { err, errAsync, ok, okAsync, ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import { exchangeTicket, type Exchanged, type ExchangeTarget } from '../domain/exchange';
import { fromCents, type Cents } from '../domain/money';
import { chargeableCard, type CardDetails, type CardInput } from '../domain/payment';
import type { Ticket } from '../domain/ticket';
import { addSeconds, type Instant } from '../domain/time';
import type { SeatPolicy } from '../policies/seat-policy';
import type { TransactionScope } from '../ports/unit-of-work.port';
import { DEFAULT_PAYMENT_LOCK_SECONDS, type BookingConfig, type BookingPorts } from './booking-ports';
import type { CommandPipeline, Outcome } from './command-pipeline';
import { ExchangeLedger, type ExchangeMoneyMoved } from './exchange-ledger';
import { lockExchangeRoutes, swapTickets } from './exchange-swap';
import { aboutTarget, type IdempotencyInput } from './idempotency';
import { PaymentAttempts, type Charged } from './payment-attempts';
import type { Refunds } from './refunds';
import { findRoute } from './route-lookup';
import { appendEvents, recordTicketChanges } from './saving';
import { seatAttempt } from './seat-change';
import { checkAll, precheckAll, type SeatRules } from './seat-rules';
import type { TicketService } from './ticket-service';

/** Where to: the departure, the seat, the segment (default: the ticket's cities), and a card for a dearer trip. */
export interface ExchangeCommand extends ExchangeTarget {
  routeId: string;
  card?: CardInput;
}

/** An exchange's answer: the new ticket, the old one (cancelled), and what happened to the money. */
export interface ExchangeResult extends ExchangeMoneyMoved {
  ticket: Ticket;
  previous: Ticket;
  /** The new price less the old (negative: cheaper). */
  priceDifference: number;
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
 * price is paid when it is paid). The locks and the seats: `exchange-swap`; the ledger rows:
 * `exchange-ledger`. An `Idempotency-Key` belongs to the ticket it was sent for: the same key for
 * another ticket is `idempotency_conflict`.
 */
export class Exchange {
  private readonly attempts: PaymentAttempts;
  private readonly ledger: ExchangeLedger;

  constructor(
    private readonly ports: BookingPorts,
    private readonly config: Pick<BookingConfig, 'currency' | 'paymentLockSeconds' | 'onBackgroundError'>,
    private readonly rules: SeatRules,
    private readonly tickets: Pick<TicketService, 'get'>,
    private readonly pipeline: CommandPipeline,
    private readonly refunds: Pick<Refunds, 'sendFor'>,
  ) {
    this.attempts = new PaymentAttempts(ports, config);
    this.ledger = new ExchangeLedger(ports, config);
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
      idempotency: aboutTarget(idempotency, ticketId),
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
    const routes = { routeId: old.routeId, targetId: plan.exchanged.ticket.routeId };
    return lockExchangeRoutes(tx, actor, routes, policies)
      .andThen(({ route, target }) =>
        // Decided again on both routes as they are now (cancelled or moved meanwhile).
        exchangeTicket(old, command, {
          actor,
          route,
          now,
          target,
          ticketId: plan.exchanged.ticket.id,
        }).asyncAndThen((exchanged) => swapTickets(tx, exchanged).map(() => ({ exchanged, target }))),
      )
      .andThen(({ exchanged, target }) =>
        checkAll(policies, seatAttempt(actor, target, exchanged.ticket, now), tx)
          .andThen(() => this.ledger.moveMoney(tx, exchanged, charged, now))
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
}
