import { errAsync, okAsync, Result, type ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import {
  cancelRoute,
  checkCancelReason,
  keepsTimes,
  moveRoute,
  type DepartureMove,
} from '../domain/departure-change';
import { errors, type DomainError } from '../domain/errors';
import { routeHistoryEntry, type HistoryEntry } from '../domain/history';
import { releaseHold } from '../domain/hold';
import { transition } from '../domain/lifecycle';
import { routeUpdateDraft } from '../domain/route-event';
import type { Route } from '../domain/route';
import type { SeatEventDraft } from '../domain/seat-event';
import type { Ticket } from '../domain/ticket';
import type { Instant } from '../domain/time';
import type { TransactionScope } from '../ports/unit-of-work.port';
import type { BookingConfig, BookingPorts } from './booking-ports';
import type { CommandPipeline, Outcome } from './command-pipeline';
import { saveHold } from './hold-service';
import type { Refunds } from './refunds';
import { findRoute } from './route-lookup';
import { appendEvents, updateTickets } from './saving';

/** How many times a cancellation starts again when a ticket changed under it (a payment, the sweep). */
const ATTEMPTS = 3;
/** Refunds sent to the gateway at once after a cancellation (in the background). */
const REFUNDS_AT_ONCE = 8;

/** What a cancellation committed: the route, and the tickets whose refunds are to be sent. */
interface CancelledDeparture {
  route: Route;
  refundedTicketIds: string[];
}

/**
 * An admin's changes of a departure itself: cancelling it (every ticket cancelled and refunded in
 * full, every seat hold released) and moving it. Each takes the route's exclusive lock, so it waits
 * for the sales in flight (they hold the shared one) and every later sale reads the route as changed.
 */
export class DepartureChanges {
  /** The refunds of answered cancellations still being sent. */
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly ports: Pick<BookingPorts, 'routes' | 'history' | 'clock' | 'ids'>,
    private readonly config: Pick<BookingConfig, 'onBackgroundError'>,
    private readonly pipeline: CommandPipeline,
    private readonly refunds: Pick<Refunds, 'record' | 'sendFor'>,
  ) {}

  /**
   * Cancels the departure for good, in one unit of work: the route `cancelled` with its reason and a
   * `route_update` first, then every occupying ticket cancelled (`seat_cancelled`, `seat_available`)
   * with its payment refunded in full, then every active hold released (`seat_released`), and each
   * change in the audit trail. It answers once that has committed; the refunds, recorded `pending`,
   * are then sent to the gateway in the background (see `refundsSent`), so a slow gateway never
   * holds up the answer. A refund not sent then (a refusal, an outage, the process stopping) stays
   * pending, and payment reconciliation sends it again, in this process or the next one to start.
   */
  cancel(actor: Actor, routeId: string, input: { reason: unknown }): ResultAsync<Route, DomainError> {
    if (actor.role !== 'admin') return errAsync(errors.forbidden('Only an admin may cancel a departure.'));
    const reason = checkCancelReason(input.reason);
    if (reason.isErr()) return errAsync(reason.error);
    return this.cancelOnce(actor, routeId, reason.value, ATTEMPTS).map(({ route }) => route);
  }

  /**
   * Moves the departure (see `moveRoute` for the rules of the times): the route and a `route_update`
   * in one unit of work. Seat holds, unpaid reservations and the sales cut-off follow the new time,
   * since they read the route's departure. Times the route already has answer the route as it is,
   * writing, recording and sending nothing.
   */
  move(actor: Actor, routeId: string, move: DepartureMove): ResultAsync<Route, DomainError> {
    if (actor.role !== 'admin') return errAsync(errors.forbidden('Only an admin may move a departure.'));
    const now = this.ports.clock.now().toISOString();
    return this.pipeline.run({
      // Bad times are refused before any lock is taken.
      prepare: () => findRoute(this.ports.routes, routeId).andThen((route) => moveRoute(route, move, now)),
      transaction: (tx) =>
        this.lockedRoute(tx, routeId)
          .andThen((route) => moveRoute(route, move, now).map((moved) => ({ route, moved })))
          .andThen(({ route, moved }) =>
            keepsTimes(route, moved)
              ? okAsync({ answer: route, events: [], tickets: [] })
              : this.saveRoute(tx, actor, route, moved, 'move_departure', null).andThen((saved) =>
                  appendEvents(tx, [routeUpdateDraft(saved)], this.ports.clock).map((events) => ({
                    answer: saved,
                    events,
                    tickets: [],
                  })),
                ),
          ),
      afterCommit: async () => this.ports.routes.forget?.(routeId),
    });
  }

  /**
   * Resolves once the refunds of every cancellation answered so far have been sent, or have failed
   * and stay pending for reconciliation. For tests, and for a shutdown that would rather finish them
   * (nothing is lost without it: pending refunds are sent again at the next start).
   */
  async refundsSent(): Promise<void> {
    while (this.sending.size > 0) await Promise.all([...this.sending]);
  }

  /** A route's audit trail, oldest first (admins only). */
  history(actor: Actor, routeId: string): ResultAsync<HistoryEntry[], DomainError> {
    if (actor.role !== 'admin') return errAsync(errors.forbidden('Only an admin may read the history.'));
    return findRoute(this.ports.routes, routeId).andThen(() => this.ports.history.of('route', routeId));
  }

  private cancelOnce(
    actor: Actor,
    routeId: string,
    reason: string,
    attemptsLeft: number,
  ): ResultAsync<CancelledDeparture, DomainError> {
    const now = this.ports.clock.now().toISOString();
    return this.pipeline
      .run({
        transaction: (tx) => this.cancelIn(tx, actor, routeId, reason, now),
        afterCommit: (cancelled: CancelledDeparture) => this.afterCancel(cancelled),
      })
      .orElse((error) =>
        // A ticket changed between its read and its write (a payment, the expiry sweep): read again.
        error.kind === 'invalid_transition' && attemptsLeft > 1
          ? this.cancelOnce(actor, routeId, reason, attemptsLeft - 1)
          : errAsync(error),
      );
  }

  /**
   * The cancellation's writes. Its events are appended last, in one go (the route_update first):
   * like every other unit of work it takes the route's sequence after the rows it changes, so it
   * cannot deadlock with a payment that holds a ticket's row and waits for the sequence.
   */
  private cancelIn(
    tx: TransactionScope,
    actor: Actor,
    routeId: string,
    reason: string,
    now: Instant,
  ): ResultAsync<Outcome<CancelledDeparture>, DomainError> {
    return this.lockedRoute(tx, routeId)
      .andThen((route) => cancelRoute(route, reason, now).map((cancelled) => ({ route, cancelled })))
      .andThen(({ route, cancelled }) =>
        this.saveRoute(tx, actor, route, cancelled, 'cancel_departure', reason),
      )
      .andThen((route) =>
        this.cancelTickets(tx, actor, route, reason, now).andThen((tickets) =>
          this.releaseHolds(tx, actor, route, now).andThen((released) =>
            appendEvents(tx, [routeUpdateDraft(route), ...tickets.events, ...released], this.ports.clock).map(
              (events) => ({
                answer: { route, refundedTicketIds: tickets.refunded },
                events,
                tickets: tickets.cancelled,
              }),
            ),
          ),
        ),
      );
  }

  /** Every occupying ticket cancelled, its payment recorded as refunded in full (no fee); their events. */
  private cancelTickets(
    tx: TransactionScope,
    actor: Actor,
    route: Route,
    reason: string,
    now: Instant,
  ): ResultAsync<{ cancelled: Ticket[]; events: SeatEventDraft[]; refunded: string[] }, DomainError> {
    return tx.tickets.findOccupying(route.id).andThen((occupying) => {
      const sorted = [...occupying].sort(
        (a, b) => a.seatNumber - b.seatNumber || a.fromStopIndex - b.fromStopIndex,
      );
      const changes = Result.combine(sorted.map((ticket) => transition(ticket, 'cancel', now)));
      if (changes.isErr()) return errAsync(changes.error);
      const events = changes.value.flatMap((change) => change.events);
      return updateTickets(tx, changes.value, this.ports, actor, {
        action: 'cancel_departure',
        reason,
      }).andThen((cancelled) =>
        // One after the other: a unit of work's statements share one connection.
        cancelled
          .reduce(
            (chain, ticket) =>
              chain.andThen((refunded) =>
                this.refunds
                  .record(tx, ticket, route, now, true)
                  .map((refund) => (refund ? [...refunded, ticket.id] : refunded)),
              ),
            okAsync<string[], DomainError>([]),
          )
          .map((refunded) => ({ cancelled, events, refunded })),
      );
    });
  }

  /** Every active seat hold of the route released, ascending by its first seat; their `seat_released`s. */
  private releaseHolds(
    tx: TransactionScope,
    actor: Actor,
    route: Route,
    now: Instant,
  ): ResultAsync<SeatEventDraft[], DomainError> {
    return tx.holds.findActive(route.id).andThen((holds) => {
      const sorted = [...holds].sort((a, b) => (a.seatNumbers[0] ?? 0) - (b.seatNumbers[0] ?? 0));
      const released = Result.combine(sorted.map((hold) => releaseHold(hold, { actor, route, now })));
      if (released.isErr()) return errAsync(released.error);
      return released.value
        .reduce(
          (chain, change) => chain.andThen(() => saveHold(tx, change)),
          okAsync<unknown, DomainError>(undefined),
        )
        .map(() => released.value.flatMap((change) => change.events));
    });
  }

  /** The route under its exclusive lock, as stored now. */
  private lockedRoute(tx: TransactionScope, routeId: string): ResultAsync<Route, DomainError> {
    return tx.locks
      .route(routeId)
      .andThen(() => tx.routes.findById(routeId))
      .andThen((route) => (route ? okAsync(route) : errAsync(errors.routeNotFound(routeId))));
  }

  /** The changed route written, and its audit entry. */
  private saveRoute(
    tx: TransactionScope,
    actor: Actor,
    before: Route,
    after: Route,
    action: string,
    reason: string | null,
  ): ResultAsync<Route, DomainError> {
    const at = this.ports.clock.now().toISOString();
    const entry = routeHistoryEntry(this.ports.ids.uuid(), { by: actor, action, at, reason }, before, after);
    return tx.routes.update(after).andThen((route) => tx.history.record([entry]).map(() => route));
  }

  /**
   * After the commit: the route read afresh everywhere, and the refunds started in the background
   * (the answer does not wait for them).
   */
  private async afterCancel({ route, refundedTicketIds }: CancelledDeparture): Promise<void> {
    this.ports.routes.forget?.(route.id);
    if (refundedTicketIds.length === 0) return;
    const sending: Promise<void> = this.sendRefunds(refundedTicketIds)
      .catch((error: unknown) =>
        this.config.onBackgroundError?.(error, `refunds of the cancelled departure ${route.id}`),
      )
      .finally(() => this.sending.delete(sending));
    this.sending.add(sending);
  }

  /** The refunds sent, a few at a time; each failure is reported and leaves its refund pending. */
  private async sendRefunds(ticketIds: readonly string[]): Promise<void> {
    for (let i = 0; i < ticketIds.length; i += REFUNDS_AT_ONCE) {
      const batch = ticketIds.slice(i, i + REFUNDS_AT_ONCE);
      await Promise.all(batch.map((ticketId) => this.refunds.sendFor(ticketId)));
    }
  }
}
