import { errAsync, okAsync, ResultAsync, type Result } from 'neverthrow';
import { isStaff, type Actor } from '../domain/actor';
import { checkDeparture, type SeatRequest } from '../domain/departure';
import { errors, type DomainError } from '../domain/errors';
import { transition, type TicketAction } from '../domain/lifecycle';
import type { SeatEvent, SeatEventDraft } from '../domain/seat-event';
import type { Ticket, TicketStatus } from '../domain/ticket';
import { isAtOrAfter } from '../domain/time';
import type { Clock } from '../ports/clock.port';
import type { CommittedChange } from '../ports/seat-notifier.port';
import type { TransactionScope } from '../ports/unit-of-work.port';
import { DEFAULT_MAX_GROUP_SIZE, type BookingConfig, type BookingPorts } from './booking-ports';
import { replayAfterFailure, replayIfSeen, type IdempotencyInput } from './idempotency';
import type { ChangePublisher } from './publisher';
import { SeatBooking, type GroupBooking, type SeatsRequest } from './seat-booking';
import { checkGroup, checkPassenger, type GroupReserveCommand, type ReserveCommand } from './ticket-input';

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
    private readonly config: Pick<
      BookingConfig,
      'holdSeconds' | 'maxGroupSize' | 'seatPolicies' | 'maxHeldSeats'
    >,
    private readonly publisher: ChangePublisher,
  ) {
    this.seats = new SeatBooking(ports, config, publisher);
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
    const scope = `reserve:${actor.userId}`;
    return replayIfSeen<Ticket>(this.ports.idempotency, scope, idempotency).andThen((seen) =>
      seen
        ? okAsync(seen)
        : this.bookOnce(
            actor,
            () => checkPassenger(command).map((passenger) => ({ ...command, passengers: [passenger] })),
            (booking) => booking.tickets[0] as Ticket,
            scope,
            idempotency,
          ),
    );
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
    const scope = `reserve:${actor.userId}`;
    const max = this.config.maxGroupSize ?? DEFAULT_MAX_GROUP_SIZE;
    return replayIfSeen<GroupBooking>(this.ports.idempotency, scope, idempotency).andThen((seen) =>
      seen
        ? okAsync(seen)
        : this.bookOnce(
            actor,
            () => checkGroup(command.passengers, max).map((passengers) => ({ ...command, passengers })),
            (booking) => booking,
            scope,
            idempotency,
          ),
    );
  }

  private bookOnce<T>(
    actor: Actor,
    check: () => Result<SeatsRequest, DomainError>,
    answer: (booking: GroupBooking) => T,
    scope: string,
    idempotency: IdempotencyInput | undefined,
  ): ResultAsync<T, DomainError> {
    const request = check();
    const booked = request.isErr()
      ? errAsync(request.error)
      : this.seats.book(actor, request.value, answer, scope, idempotency);
    return booked.orElse((failure) =>
      replayAfterFailure<T>(this.ports.idempotency, scope, idempotency, failure),
    );
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
    if (!isStaff(actor)) return errAsync(errors.forbidden('Only an agent or admin may confirm a ticket.'));
    return this.act(actor, ticketId, 'confirm');
  }

  suspend(actor: Actor, ticketId: string): ResultAsync<Ticket, DomainError> {
    if (!isStaff(actor)) return errAsync(errors.forbidden('Only an agent or admin may suspend a ticket.'));
    return this.act(actor, ticketId, 'suspend');
  }

  cancel(actor: Actor, ticketId: string): ResultAsync<Ticket, DomainError> {
    return this.act(actor, ticketId, 'cancel');
  }

  /**
   * Releases every reservation whose hold ran out at or before `now` (default: the clock's now), or
   * whose segment departed by then (`holdIsOver`): `seat_available` with reason `hold_expired`.
   * Safe to run in several processes at once: a ticket's version lets only one of them expire it.
   */
  expireHolds(now?: Date, batchSize = 100): ResultAsync<Ticket[], DomainError> {
    const at = (now ?? this.ports.clock.now()).toISOString();
    return this.ports.tickets.findExpiredHolds(at, batchSize).andThen((due) =>
      ResultAsync.combine(
        due.map((ticket) =>
          this.applyInUnitOfWork(ticket, 'expire', at)
            .map((expired): Ticket | undefined => expired)
            .orElse((error) =>
              // Paid, cancelled or expired elsewhere in the meantime: nothing left to do here.
              error.kind === 'invalid_transition' ? okAsync(undefined) : errAsync(error),
            ),
        ),
      ).map((results) => results.filter((t): t is Ticket => t !== undefined)),
    );
  }

  private act(
    actor: Actor,
    ticketId: string,
    action: Exclude<TicketAction, 'expire'>,
  ): ResultAsync<Ticket, DomainError> {
    const now = this.ports.clock.now().toISOString();
    return this.get(actor, ticketId)
      .andThen((ticket) => this.checkDepartureOf(ticket, actor, action, now).map(() => ticket))
      .andThen((ticket) => {
        if (action === 'confirm' && ticket.status === 'reserved' && holdRanOut(ticket, now)) {
          return errAsync(errors.holdExpired(ticket.id));
        }
        return this.applyInUnitOfWork(ticket, action, now);
      });
  }

  /** The departure rule for a request on an existing ticket (`route_departed` when it refuses). */
  checkDepartureOf(
    ticket: Ticket,
    actor: Actor,
    request: SeatRequest,
    now: string,
  ): ResultAsync<void, DomainError> {
    return this.ports.routes.findById(ticket.routeId).andThen((route): ResultAsync<void, DomainError> => {
      if (!route) throw new Error(`ticket ${ticket.id} has no route ${ticket.routeId}`);
      const verdict = checkDeparture(actor, request, route, ticket, now, ticket.status);
      return verdict.isErr() ? errAsync(verdict.error) : okAsync(undefined);
    });
  }

  /** Applies the transition with a version check, appends its events, then publishes them. */
  private applyInUnitOfWork(
    ticket: Ticket,
    action: TicketAction,
    now: string,
  ): ResultAsync<Ticket, DomainError> {
    const next = transition(ticket, action, now);
    if (next.isErr()) return errAsync(next.error);
    return this.ports.unitOfWork
      .run((tx) =>
        writeTransition(tx, next.value.ticket, next.value.events, this.ports.clock, action, ticket.status),
      )
      .andThen((done) =>
        this.publish({ events: done.events, tickets: [done.ticket] }).map(() => done.ticket),
      );
  }

  private publish(change: CommittedChange): ResultAsync<void, never> {
    return ResultAsync.fromSafePromise(this.publisher.publish(change));
  }
}

export function holdRanOut(ticket: Ticket, now: string): boolean {
  return ticket.holdExpiresAt !== null && isAtOrAfter(now, ticket.holdExpiresAt);
}

/** Writes a transitioned ticket and its events; a concurrent change makes it `invalid_transition`. */
export function writeTransition(
  tx: TransactionScope,
  ticket: Ticket,
  drafts: SeatEventDraft[],
  clock: Clock,
  action: string,
  from: string,
): ResultAsync<{ ticket: Ticket; events: SeatEvent[] }, DomainError> {
  return tx.tickets
    .update(ticket)
    .mapErr((error): DomainError =>
      error.kind === 'stale_ticket'
        ? errors.invalidTransition(
            from,
            action,
            'The ticket was changed at the same time; reload it and try again.',
          )
        : error,
    )
    .andThen((stored) =>
      tx.events.append(drafts, commitTime(clock)).map((events) => ({ ticket: stored, events })),
    );
}

/**
 * The time stamped on seat events: read inside the unit of work, just before the events are
 * appended, so `seat_update.timestamp` is as close to the commit as the core can see it.
 */
export function commitTime(clock: Clock): string {
  return clock.now().toISOString();
}
