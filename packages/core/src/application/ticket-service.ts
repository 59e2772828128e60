import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { isStaff, type Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import { SYSTEM } from '../domain/history';
import { convertHold } from '../domain/hold';
import type { Route } from '../domain/route';
import type { Ticket, TicketStatus } from '../domain/ticket';
import type { Transitioned } from '../domain/lifecycle';
import type { RouteRepository } from '../ports/route-repository.port';
import { decide, expireHold, mayRequest, type Occasion, type TicketRequest } from '../domain/ticket-rules';
import { DEFAULT_MAX_GROUP_SIZE, type BookingConfig, type BookingPorts } from './booking-ports';
import type { CommandPipeline } from './command-pipeline';
import { saveHold, type HoldService } from './hold-service';
import type { IdempotencyInput } from './idempotency';
import { routesById } from './route-lookup';
import type { CancelledTicket, Refunds } from './refunds';
import { answerWithFirst, saveTransitions } from './saving';
import { SeatBooking, type GroupBooking } from './seat-booking';
import {
  checkGroup,
  checkPassenger,
  type GroupReserveCommand,
  type HoldBookingCommand,
  type ReserveCommand,
} from './ticket-input';

export const DEFAULT_TICKET_PAGE = 100;
export const MAX_TICKET_PAGE = 1000;

export interface TicketListQuery {
  status?: TicketStatus;
  routeId?: string;
  pnr?: string;
  limit?: number;
  cursor?: string;
}

export interface TicketPage {
  tickets: Ticket[];
  nextCursor?: string;
}

export class TicketService {
  private readonly seats: SeatBooking;

  constructor(
    private readonly ports: BookingPorts,
    private readonly holds: Pick<HoldService, 'get'>,
    private readonly config: Pick<
      BookingConfig,
      'holdSeconds' | 'maxGroupSize' | 'seatPolicies' | 'maxHeldSeats'
    >,
    private readonly pipeline: CommandPipeline,
    private readonly refunds: Pick<Refunds, 'record' | 'sendFor'>,
  ) {
    this.seats = new SeatBooking(ports, config);
  }

  /**
   * Books one seat on a segment: a customer gets a `reserved` hold that waits for payment, an agent
   * or admin a `confirmed` counter sale. The storage refuses an overlapping seat atomically.
   */
  reserve(
    actor: Actor,
    command: ReserveCommand,
    idempotency?: IdempotencyInput,
  ): ResultAsync<Ticket, DomainError> {
    return this.pipeline.run({
      scope: `reserve:${actor.userId}`,
      idempotency,
      prepare: () =>
        checkPassenger(command).asyncAndThen((passenger) =>
          this.seats.prepare(actor, { ...command, passengers: [passenger] }),
        ),
      transaction: (tx, booked) =>
        this.seats.write(tx, booked).map((done) => ({ ...done, answer: done.answer.tickets[0] as Ticket })),
    });
  }

  /**
   * Books several seats on one segment under one shared PNR, in one unit of work: all of them, or
   * none (one `seat_unavailable` naming every taken seat). One `seat_update` per seat, consecutive
   * sequences. Each ticket can later be paid (one payment pays the PNR) or cancelled on its own.
   */
  reserveGroup(
    actor: Actor,
    command: GroupReserveCommand,
    idempotency?: IdempotencyInput,
  ): ResultAsync<GroupBooking, DomainError> {
    const max = this.config.maxGroupSize ?? DEFAULT_MAX_GROUP_SIZE;
    return this.pipeline.run({
      // The same scope as `reserve`: one key books once, whichever way it is sent.
      scope: `reserve:${actor.userId}`,
      idempotency,
      prepare: () =>
        checkGroup(command.passengers, max).asyncAndThen((passengers) =>
          this.seats.prepare(actor, { ...command, passengers }),
        ),
      transaction: (tx, booked) => this.seats.write(tx, booked),
    });
  }

  /**
   * Turns a seat hold into tickets under one PNR, in one unit of work: the passengers must take
   * exactly the hold's seats, on its segment; the seat rules judge them now that they are known.
   * The hold is consumed (a second use: `hold_expired`); the tickets then wait for payment as usual.
   */
  bookHold(
    actor: Actor,
    command: HoldBookingCommand,
    idempotency?: IdempotencyInput,
  ): ResultAsync<GroupBooking, DomainError> {
    const max = this.config.maxGroupSize ?? DEFAULT_MAX_GROUP_SIZE;
    const now = this.ports.clock.now().toISOString();
    return this.pipeline.run({
      scope: `reserve:${actor.userId}`,
      idempotency,
      prepare: () =>
        checkGroup(command.passengers, max).asyncAndThen((passengers) =>
          this.holds.get(actor, command.holdId).andThen((hold) =>
            this.ports.routes.findById(hold.routeId).andThen((route) => {
              if (!route) throw new Error(`hold ${hold.id} has no route ${hold.routeId}`);
              const seats = passengers.map((p) => p.seatNumber);
              const converted = convertHold(hold, seats, { actor, route, now });
              if (converted.isErr()) return errAsync(converted.error);
              const trip = {
                routeId: route.id,
                fromCity: route.stops[hold.fromStopIndex],
                toCity: route.stops[hold.toStopIndex],
              };
              return this.seats
                .prepare(actor, { ...trip, passengers })
                .map((booked) => ({ booked, converted: converted.value }));
            }),
          ),
        ),
      transaction: (tx, { booked, converted }) =>
        this.seats.write(tx, booked, () =>
          saveHold(tx, converted).mapErr((error) =>
            error.kind === 'invalid_transition' ? errors.seatHoldOver(converted.hold.id, 'expired') : error,
          ),
        ),
    });
  }

  /** A ticket as its reader may see it: a customer asking for another's ticket learns nothing. */
  get(actor: Actor, ticketId: string): ResultAsync<Ticket, DomainError> {
    return this.ports.tickets
      .findById(ticketId)
      .andThen((ticket) =>
        ticket && (isStaff(actor) || ticket.ownerId === actor.userId)
          ? okAsync(ticket)
          : errAsync(errors.ticketNotFound(ticketId)),
      );
  }

  list(actor: Actor, query: TicketListQuery): ResultAsync<TicketPage, DomainError> {
    const limit = query.limit ?? DEFAULT_TICKET_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TICKET_PAGE) {
      return errAsync(errors.validationFailed(`limit is a whole number from 1 to ${MAX_TICKET_PAGE}.`));
    }
    return this.ports.tickets
      .list({
        ...(isStaff(actor) ? {} : { ownerId: actor.userId }),
        ...(query.status ? { status: query.status } : {}),
        ...(query.routeId ? { routeId: query.routeId } : {}),
        ...(query.pnr ? { pnrNumber: query.pnr } : {}),
        ...(query.cursor ? { afterId: query.cursor } : {}),
        limit: limit + 1,
      })
      .map((found) => {
        const tickets = found.slice(0, limit);
        const last = tickets[tickets.length - 1];
        return found.length > limit && last ? { tickets, nextCursor: last.id } : { tickets };
      });
  }

  confirm(actor: Actor, ticketId: string): ResultAsync<Ticket, DomainError> {
    return this.act(actor, ticketId, 'confirm');
  }

  suspend(actor: Actor, ticketId: string): ResultAsync<Ticket, DomainError> {
    return this.act(actor, ticketId, 'suspend');
  }

  /**
   * Cancels a ticket; one that was paid for is refunded, less the cancellation policy's fee for the
   * time left before its segment departs. Only an agent or admin may `waiveFee`. The refund is
   * recorded in the same unit of work and sent to the gateway once committed.
   */
  cancel(
    actor: Actor,
    ticketId: string,
    options: { waiveFee?: boolean } = {},
  ): ResultAsync<CancelledTicket, DomainError> {
    const waiveFee = options.waiveFee === true;
    if (waiveFee && !isStaff(actor)) {
      return errAsync(errors.forbidden('Only an agent or admin may waive the cancellation fee.'));
    }
    const now = this.ports.clock.now().toISOString();
    return this.pipeline.run({
      prepare: () => this.decideOn(actor, ticketId, 'cancel', now),
      transaction: (tx, { decided }) =>
        saveTransitions(tx, [decided], this.ports, actor).andThen((saved) => {
          const outcome = answerWithFirst(saved);
          // The fee follows the departure as stored now, not as a cache last read it.
          return routeOf(tx.routes, outcome.answer)
            .andThen((route) => this.refunds.record(tx, outcome.answer, route, now, waiveFee))
            .map((refund) => ({
              ...outcome,
              answer: refund ? { ...outcome.answer, refund } : outcome.answer,
            }));
        }),
      afterCommit: (cancelled: CancelledTicket) =>
        cancelled.refund ? this.refunds.sendFor(cancelled.id) : Promise.resolve(),
    });
  }

  /**
   * Releases every reservation whose hold ran out at or before `now` (default: the clock's now), or
   * whose segment departed by then (`holdIsOver`): `seat_available` with reason `hold_expired`.
   * Safe to run in several processes at once: a ticket's version lets only one of them expire it.
   */
  expireHolds(now?: Date, batchSize = 100): ResultAsync<Ticket[], DomainError> {
    const at = (now ?? this.ports.clock.now()).toISOString();
    return this.ports.tickets.findExpiredHolds(at, batchSize).andThen((due) =>
      this.routesOf(due)
        .andThen((routes) =>
          ResultAsync.combine(due.map((ticket) => this.expire(ticket, routes.get(ticket.routeId), at))),
        )
        .map((results) => results.filter((t): t is Ticket => t !== undefined)),
    );
  }

  /** Expires one due hold; one that was paid, cancelled or expired meanwhile is left alone. */
  private expire(
    ticket: Ticket,
    route: Route | undefined,
    at: string,
  ): ResultAsync<Ticket | undefined, DomainError> {
    if (!route) throw new Error(`ticket ${ticket.id} has no route ${ticket.routeId}`);
    return this.pipeline
      .run({
        prepare: () => expireHold(ticket, route, at),
        transaction: (tx, expired) => saveTransitions(tx, [expired], this.ports, SYSTEM).map(answerWithFirst),
      })
      .map((expired): Ticket | undefined => expired)
      .orElse((error) => (error.kind === 'invalid_transition' ? okAsync(undefined) : errAsync(error)));
  }

  /** The routes of these tickets, each read once. */
  private routesOf(tickets: readonly Ticket[]): ResultAsync<Map<string, Route>, DomainError> {
    return routesById(
      this.ports.routes,
      tickets.map((t) => t.routeId),
    );
  }

  /** Who asks about `ticket`, at `now`, and its route: what the ticket's rules judge a request by. */
  occasion(actor: Actor, ticket: Ticket, now: string): ResultAsync<Occasion, DomainError> {
    return this.routeOf(ticket).map((route) => ({ actor, route, now }));
  }

  private routeOf(ticket: Ticket): ResultAsync<Route, DomainError> {
    return routeOf(this.ports.routes, ticket);
  }

  /** Loads the ticket (as its reader may see it), lets the ticket's rules decide, saves the result. */
  private act(actor: Actor, ticketId: string, request: TicketRequest): ResultAsync<Ticket, DomainError> {
    const now = this.ports.clock.now().toISOString();
    return this.pipeline.run({
      prepare: () => this.decideOn(actor, ticketId, request, now),
      transaction: (tx, { decided }) =>
        saveTransitions(tx, [decided], this.ports, actor).map(answerWithFirst),
    });
  }

  /** Whether the actor may ask, the ticket as they may see it, and what the ticket's rules decide. */
  private decideOn(
    actor: Actor,
    ticketId: string,
    request: TicketRequest,
    now: string,
  ): ResultAsync<{ decided: Transitioned; occasion: Occasion }, DomainError> {
    return mayRequest(actor, request)
      .asyncAndThen(() => this.get(actor, ticketId))
      .andThen((ticket) =>
        this.occasion(actor, ticket, now).andThen((occasion) =>
          decide(ticket, request, occasion).map((decided) => ({ decided, occasion })),
        ),
      );
  }
}

/** The ticket's route, read from `routes`: a ticket without one is a bug. */
function routeOf(routes: RouteRepository, ticket: Ticket): ResultAsync<Route, DomainError> {
  return routes.findById(ticket.routeId).map((route) => {
    if (!route) throw new Error(`ticket ${ticket.id} has no route ${ticket.routeId}`);
    return route;
  });
}
