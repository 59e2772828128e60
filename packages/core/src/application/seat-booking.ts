import { err, errAsync, ok, okAsync, ResultAsync, type Result } from 'neverthrow';
import { isStaff, type Actor } from '../domain/actor';
import { checkDeparture } from '../domain/departure';
import { errors, type DomainError } from '../domain/errors';
import { priceForSegment, resolveSegment, type Route } from '../domain/route';
import { seatEventDraft } from '../domain/seat-event';
import type { Ticket } from '../domain/ticket';
import { addSeconds } from '../domain/time';
import { DEFAULT_MAX_HELD_SEATS, heldSeatsLimitPolicy } from '../policies/held-seats-limit';
import type { BookingAttempt, BookingRequest, PolicyLock, SeatPolicy } from '../policies/seat-policy';
import type { TransactionScope } from '../ports/unit-of-work.port';
import type { BookingConfig, BookingPorts } from './booking-ports';
import { runIdempotent, type IdempotencyInput } from './idempotency';
import type { ChangePublisher } from './publisher';
import type { PassengerInput } from './ticket-input';

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
  passengers: readonly PassengerInput[];
}

/**
 * Books one or more seats under one PNR in one unit of work: every seat or none. The seat policies
 * run inside the same unit of work, after the locks they need, so no concurrent booking can slip
 * past a rule between its check and its write.
 */
export class SeatBooking {
  /** The deployment's seat rules, then the always-on limit of unpaid seats per customer. */
  private readonly allPolicies: readonly SeatPolicy[];

  constructor(
    private readonly ports: BookingPorts,
    private readonly config: Pick<BookingConfig, 'holdSeconds' | 'seatPolicies' | 'maxHeldSeats'>,
    private readonly publisher: ChangePublisher,
  ) {
    this.allPolicies = [
      ...(config.seatPolicies ?? []),
      heldSeatsLimitPolicy(config.maxHeldSeats ?? DEFAULT_MAX_HELD_SEATS),
    ];
  }

  book<T>(
    actor: Actor,
    request: SeatsRequest,
    answer: (booking: GroupBooking) => T,
    scope: string,
    idempotency: IdempotencyInput | undefined,
  ): ResultAsync<T, DomainError> {
    return this.ports.routes
      .findById(request.routeId)
      .andThen((route) => (route ? okAsync(route) : errAsync(errors.routeNotFound(request.routeId))))
      .andThen((route) => {
        const now = this.ports.clock.now().toISOString();
        const checked = this.checkRequest(actor, route, request, now);
        if (checked.isErr()) return errAsync(checked.error);
        const attempt = this.newAttempt(checked.value, request.passengers);
        return runIdempotent(this.ports, scope, idempotency, (tx) =>
          this.write(tx, attempt).map((booking) => ({
            response: answer(booking),
            change: { events: booking.events, tickets: booking.tickets },
          })),
        ).andThen((done) =>
          ResultAsync.fromSafePromise(this.publisher.publish(done.change)).map(() => done.response),
        );
      });
  }

  private checkRequest(
    actor: Actor,
    route: Route,
    request: SeatsRequest,
    now: string,
  ): Result<BookingRequest, DomainError> {
    const segment = resolveSegment(route, request.fromCity, request.toCity);
    if (segment.isErr()) return err(segment.error);
    const departure = checkDeparture(actor, 'book', route, segment.value, now);
    if (departure.isErr()) return err(departure.error);
    const outside = request.passengers.find((p) => p.seatNumber < 1 || p.seatNumber > route.seatCount);
    if (outside) return err(errors.seatOutOfRange(outside.seatNumber, route.seatCount));
    const booking: BookingRequest = {
      actor,
      route,
      segment: segment.value,
      passengers: request.passengers.map(({ seatNumber, gender }) => ({ seatNumber, gender })),
      now,
    };
    for (const policy of this.policies(actor)) {
      const verdict = policy.precheck?.(booking);
      if (verdict?.isErr()) return err(verdict.error);
    }
    return ok(booking);
  }

  private newAttempt(request: BookingRequest, passengers: readonly PassengerInput[]): BookingAttempt {
    const { actor, route, segment, now } = request;
    const counterSale = isStaff(actor);
    const pnrNumber = this.ports.ids.pnr();
    const tickets = passengers.map((passenger): Ticket => ({
      id: this.ports.ids.uuid(),
      pnrNumber,
      routeId: route.id,
      seatNumber: passenger.seatNumber,
      fromCity: route.stops[segment.fromStopIndex] as string,
      toCity: route.stops[segment.toStopIndex] as string,
      ...segment,
      passengerName: passenger.passengerName,
      gender: passenger.gender,
      phone: passenger.phone ?? null,
      price: priceForSegment(route, segment),
      status: counterSale ? 'confirmed' : 'reserved',
      holdExpiresAt: counterSale ? null : addSeconds(now, this.config.holdSeconds),
      createdAt: now,
      updatedAt: now,
      ownerId: actor.userId,
      issuedBy: actor.role,
      version: 1,
    }));
    return { ...request, pnrNumber, tickets };
  }

  /** Locks, every seat (ascending, so two groups never wait on each other crosswise), the rules, the events. */
  private write(tx: TransactionScope, attempt: BookingAttempt) {
    const ascending = [...attempt.tickets].sort((a, b) => a.seatNumber - b.seatNumber);
    const eventType = isStaff(attempt.actor) ? 'seat_confirmed' : 'seat_reserved';
    return this.lock(tx, attempt)
      .andThen(() => insertAll(tx, ascending))
      .andThen(() => this.checkPolicies(tx, attempt))
      .andThen(() =>
        tx.events.append(
          ascending.map((t) => seatEventDraft(t, eventType)),
          // Read inside the unit of work, as `commitTime` does for every other change.
          this.ports.clock.now().toISOString(),
        ),
      )
      .map((events) => ({ pnrNumber: attempt.pnrNumber, tickets: [...attempt.tickets], events }));
  }

  /** The route lock before the owner lock, always in that order, and only what the policies need. */
  private lock(tx: TransactionScope, attempt: BookingAttempt): ResultAsync<void, DomainError> {
    const needed = new Set<PolicyLock>(this.policies(attempt.actor).flatMap((p) => p.locks));
    const route = needed.has('route') ? tx.locks.route(attempt.route.id) : okAsync<void, never>(undefined);
    return route.andThen(() =>
      needed.has('owner') ? tx.locks.owner(attempt.actor.userId) : okAsync(undefined),
    );
  }

  private checkPolicies(tx: TransactionScope, attempt: BookingAttempt): ResultAsync<void, DomainError> {
    return this.policies(attempt.actor).reduce(
      (chain, policy) => chain.andThen(() => policy.check?.(attempt, tx) ?? okAsync(undefined)),
      okAsync<void, DomainError>(undefined),
    );
  }

  /** The rules that judge this actor's bookings. */
  private policies(actor: Actor): readonly SeatPolicy[] {
    return this.allPolicies.filter((policy) => policy.appliesTo?.(actor) ?? true);
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
