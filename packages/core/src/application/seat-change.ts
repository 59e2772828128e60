import { okAsync, type ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import type { BookingAttempt } from '../domain/booking';
import type { DomainError } from '../domain/errors';
import type { Route } from '../domain/route';
import { changeSeat, type SeatChanged } from '../domain/seat-change';
import type { Ticket } from '../domain/ticket';
import type { Instant } from '../domain/time';
import type { SeatPolicy } from '../policies/seat-policy';
import type { TransactionScope } from '../ports/unit-of-work.port';
import type { BookingPorts } from './booking-ports';
import type { CommandPipeline, Outcome } from './command-pipeline';
import { findRoute } from './route-lookup';
import { appendEvents, recordTicketChanges, staleAsInvalidTransition } from './saving';
import { checkAll, locksOf, precheckAll, type SeatRules } from './seat-rules';
import type { TicketService } from './ticket-service';

/** A ticket on one seat, as the seat rules judge it: a booking of one passenger under its PNR. */
export function seatAttempt(actor: Actor, route: Route, ticket: Ticket, now: Instant): BookingAttempt {
  return {
    actor,
    route,
    segment: { fromStopIndex: ticket.fromStopIndex, toStopIndex: ticket.toStopIndex },
    passengers: [{ seatNumber: ticket.seatNumber, gender: ticket.gender }],
    now,
    pnrNumber: ticket.pnrNumber,
    tickets: [ticket],
  };
}

/**
 * Moves a ticket to another seat of its segment: same id, PNR and status, in one unit of work under
 * the route's exclusive lock (a change of seat is rare, and under it the check of the new seat and
 * the move are one step no sale or other change can race). The seat rules judge the new seat (not
 * the held-seats limit: the passenger holds no more seats); the storage refuses a taken one.
 * Events: `seat_available` (`seat_changed`) for the old seat, then the new seat's, in sequence.
 */
export class SeatChange {
  constructor(
    private readonly ports: Pick<BookingPorts, 'routes' | 'clock' | 'ids'>,
    private readonly rules: SeatRules,
    private readonly tickets: Pick<TicketService, 'get'>,
    private readonly pipeline: CommandPipeline,
  ) {}

  run(actor: Actor, ticketId: string, seatNumber: number): ResultAsync<Ticket, DomainError> {
    const now = this.ports.clock.now().toISOString();
    const policies = this.rules.for(actor, { heldLimit: false });
    return this.pipeline.run({
      prepare: () =>
        this.tickets.get(actor, ticketId).andThen((ticket) =>
          findRoute(this.ports.routes, ticket.routeId)
            .andThen((route) =>
              changeSeat(ticket, seatNumber, { actor, route, now }).andThen((changed) =>
                precheckAll(policies, seatAttempt(actor, route, changed.ticket, now)),
              ),
            )
            .map(() => ticket),
        ),
      transaction: (tx, ticket) =>
        tx.locks
          .route(ticket.routeId)
          .andThen(() => findRoute(tx.routes, ticket.routeId))
          // Decided again on the route as it is now (cancelled or moved meanwhile).
          .andThen((route) =>
            changeSeat(ticket, seatNumber, { actor, route, now }).asyncAndThen((changed) =>
              this.write(tx, actor, route, changed, policies, now),
            ),
          ),
    });
  }

  private write(
    tx: TransactionScope,
    actor: Actor,
    route: Route,
    changed: SeatChanged,
    policies: readonly SeatPolicy[],
    now: Instant,
  ): ResultAsync<Outcome<Ticket>, DomainError> {
    const { before } = changed;
    const owner = locksOf(policies).has('owner') ? tx.locks.owner(actor.userId) : okAsync(undefined);
    return owner
      .andThen(() =>
        tx.tickets.moveSeat(changed.ticket).mapErr(staleAsInvalidTransition(before.status, 'change_seat')),
      )
      .andThen((moved) =>
        checkAll(policies, seatAttempt(actor, route, moved, now), tx)
          .andThen(() =>
            recordTicketChanges(tx, this.ports, actor, [{ action: 'change_seat', before, after: moved }]),
          )
          .andThen(() => appendEvents(tx, changed.events, this.ports.clock))
          .map((events) => ({ answer: moved, events, tickets: [moved] })),
      );
  }
}
