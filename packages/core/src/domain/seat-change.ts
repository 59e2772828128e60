import { err, ok, type Result } from 'neverthrow';
import { isStaff, type Actor } from './actor';
import { hasDeparted } from './departure';
import { errors, type DomainError } from './errors';
import type { Route } from './route';
import { seatEventDraft, type SeatEventDraft, type SeatEventType } from './seat-event';
import { isOccupying, type Ticket, type TicketStatus } from './ticket';
import { holdRanOut } from './ticket-rules';
import type { Instant } from './time';

/** What may be done to a sold ticket besides the life cycle's actions. */
export type TicketChangeAction = 'change_seat' | 'exchange';

/** Who asks for a change of a ticket, on its route, when. */
export interface ChangeOccasion {
  actor: Actor;
  route: Pick<Route, 'id' | 'departureAt' | 'stopTimes' | 'status' | 'seatCount'>;
  now: Instant;
}

/** A ticket after a change of seat: the same ticket (id, PNR, status, hold) on a new seat. */
export interface SeatChanged {
  before: Ticket;
  ticket: Ticket;
  /** `seat_available` (`seat_changed`) for the old seat, then the new seat's event. */
  events: SeatEventDraft[];
}

const REFUSALS: Record<TicketChangeAction, string> = {
  change_seat: 'cannot change seat',
  exchange: 'cannot be exchanged',
};

/**
 * Whether a ticket may still change seat or be exchanged: only while it holds its seat (reserved,
 * confirmed, suspended: `invalid_transition` otherwise), on a departure not cancelled; a customer
 * only before the segment departs, staff after it too (records after boarding), except that an
 * unpaid reservation of a departed segment can only end (`route_departed`); a reservation whose
 * hold ran out is `hold_expired`.
 */
export function checkTicketChangeable(
  ticket: Ticket,
  action: TicketChangeAction,
  { actor, route, now }: ChangeOccasion,
): Result<void, DomainError> {
  if (!isOccupying(ticket.status)) {
    return err(
      errors.invalidTransition(ticket.status, action, `A ${ticket.status} ticket ${REFUSALS[action]}.`),
    );
  }
  if (route.status === 'cancelled') return err(errors.routeCancelled(route.id));
  if (hasDeparted(route, ticket, now) && (!isStaff(actor) || ticket.status === 'reserved')) {
    const departed = errors.routeDeparted(route.id);
    const after = isStaff(actor)
      ? 'An unpaid reservation can no longer change; cancel it or let it expire.'
      : 'Only an agent or admin can change its tickets now.';
    return err({ ...departed, message: `${departed.message} ${after}` });
  }
  if (ticket.status === 'reserved' && holdRanOut(ticket, now)) return err(errors.holdExpired(ticket.id));
  return ok(undefined);
}

/** The event that shows an occupying ticket on a seat: its status's. */
export function occupyingEvent(status: TicketStatus): SeatEventType {
  if (status === 'reserved') return 'seat_reserved';
  if (status === 'suspended') return 'seat_suspended';
  return 'seat_confirmed';
}

/**
 * The rule of a change of seat: a changeable ticket (`checkTicketChangeable`) moves to another seat
 * of its bus on the same segment. It keeps its id, PNR, status and a reservation its hold deadline.
 * Whether the new seat is free is the storage's atomic guarantee; the seat rules are the policies'.
 */
export function changeSeat(
  ticket: Ticket,
  seatNumber: number,
  occasion: ChangeOccasion,
): Result<SeatChanged, DomainError> {
  const changeable = checkTicketChangeable(ticket, 'change_seat', occasion);
  if (changeable.isErr()) return err(changeable.error);
  const { route, now } = occasion;
  if (!Number.isInteger(seatNumber) || seatNumber < 1 || seatNumber > route.seatCount) {
    return err(errors.seatOutOfRange(seatNumber, route.seatCount));
  }
  if (seatNumber === ticket.seatNumber) {
    return err(errors.validationFailed(`Ticket ${ticket.id} already has seat ${seatNumber}.`));
  }
  const next: Ticket = { ...ticket, seatNumber, updatedAt: now, version: ticket.version + 1 };
  return ok({
    before: ticket,
    ticket: next,
    events: [
      seatEventDraft(ticket, 'seat_available', 'seat_changed'),
      seatEventDraft(next, occupyingEvent(next.status)),
    ],
  });
}
