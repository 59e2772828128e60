import { errAsync, okAsync, type Result, type ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import { book, bySeat, type Booked, type NewPassenger } from '../domain/booking';
import { errors, type DomainError } from '../domain/errors';
import type { Ticket } from '../domain/ticket';
import type { TransactionScope } from '../ports/unit-of-work.port';
import type { BookingConfig, BookingPorts } from './booking-ports';
import type { Outcome } from './command-pipeline';
import { lockRouteOnSale } from './route-on-sale';
import { appendEvents, recordTicketChanges } from './saving';
import { checkAll, locksOf, precheckAll, SeatRules } from './seat-rules';

/** A group booking's answer: its one PNR and a ticket per passenger, in the order they were given. */
export interface GroupBooking {
  pnrNumber: string;
  tickets: Ticket[];
}

/** Where the passengers travel (their input already checked). */
export interface SeatsRequest {
  routeId: string;
  fromCity?: string;
  toCity?: string;
  passengers: readonly NewPassenger[];
}

/**
 * The body of every booking, one seat or a group under one PNR: every seat or none. The seat
 * policies run inside the same unit of work, after the locks they need, so no concurrent booking
 * can slip past a rule between its check and its write.
 */
export class SeatBooking {
  /** The deployment's seat rules, then the always-on limit of unpaid seats per customer. */
  private readonly rules: SeatRules;

  constructor(
    private readonly ports: Pick<BookingPorts, 'routes' | 'clock' | 'ids'>,
    private readonly config: Pick<BookingConfig, 'holdSeconds' | 'seatPolicies' | 'maxHeldSeats'>,
  ) {
    this.rules = new SeatRules(config);
  }

  /** Outside the transaction: the route, the creation rule (`book`), then the policies' prechecks. */
  prepare(actor: Actor, request: SeatsRequest): ResultAsync<Booked, DomainError> {
    const { ids } = this.ports;
    return this.ports.routes.findById(request.routeId).andThen((route) => {
      if (!route) return errAsync(errors.routeNotFound(request.routeId));
      const booked = book({
        actor,
        route,
        fromCity: request.fromCity,
        toCity: request.toCity,
        passengers: request.passengers,
        now: this.ports.clock.now().toISOString(),
        holdSeconds: this.config.holdSeconds,
        pnrNumber: ids.pnr(),
        ticketIds: request.passengers.map(() => ids.uuid()),
      }).andThen((attempt) => this.precheck(attempt));
      return booked.isErr() ? errAsync(booked.error) : okAsync(booked.value);
    });
  }

  /**
   * In the unit of work: the locks, `first` (e.g. consuming the seat hold that frees these seats),
   * every seat (ascending), the policies' checks, the events.
   */
  write(
    tx: TransactionScope,
    booked: Booked,
    first?: () => ResultAsync<unknown, DomainError>,
  ): ResultAsync<Outcome<GroupBooking>, DomainError> {
    return this.lock(tx, booked)
      .andThen(() => first?.() ?? okAsync(undefined))
      .andThen(() => insertAll(tx, bySeat(booked.tickets)))
      .andThen(() => this.check(tx, booked))
      .andThen(() =>
        recordTicketChanges(
          tx,
          this.ports,
          booked.actor,
          booked.tickets.map((after) => ({ action: 'book', after })),
        ),
      )
      .andThen(() => appendEvents(tx, booked.events, this.ports.clock))
      .map((events) => {
        const tickets = [...booked.tickets];
        return { answer: { pnrNumber: booked.pnrNumber, tickets }, events, tickets };
      });
  }

  private precheck(booked: Booked): Result<Booked, DomainError> {
    return precheckAll(this.rules.for(booked.actor), booked).map(() => booked);
  }

  /**
   * The route lock (exclusive only when a policy reads the whole route) before the owner lock,
   * always in that order; under the route lock the route is read again (`lockRouteOnSale`).
   */
  private lock(tx: TransactionScope, booked: Booked): ResultAsync<void, DomainError> {
    const needed = locksOf(this.rules.for(booked.actor));
    const { actor, route, segment, now } = booked;
    const sale = { actor, routeId: route.id, segment, now };
    return lockRouteOnSale(tx, sale, needed.has('route')).andThen(() =>
      needed.has('owner') ? tx.locks.owner(booked.actor.userId) : okAsync(undefined),
    );
  }

  private check(tx: TransactionScope, booked: Booked): ResultAsync<void, DomainError> {
    return checkAll(this.rules.for(booked.actor), booked, tx);
  }
}

/** Tries every seat, so one refusal names all the taken seats; any refusal rolls the whole unit back. */
function insertAll(tx: TransactionScope, tickets: readonly Ticket[]): ResultAsync<void, DomainError> {
  const taken: number[] = [];
  const inserted = tickets.reduce(
    (chain, ticket) =>
      chain.andThen(() =>
        tx.tickets
          .insertIfSeatFree(ticket)
          .map(() => undefined)
          .orElse((error) => {
            if (error.kind !== 'seat_unavailable') return errAsync(error);
            taken.push(ticket.seatNumber);
            return okAsync(undefined);
          }),
      ),
    okAsync<void, DomainError>(undefined),
  );
  return inserted.andThen(() =>
    taken.length > 0 ? errAsync(errors.seatUnavailable(taken)) : okAsync(undefined),
  );
}
