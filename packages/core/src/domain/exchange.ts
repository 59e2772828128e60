import { err, ok, type Result } from 'neverthrow';
import { checkOnSale, segmentDepartsAt } from './departure';
import { errors, type DomainError } from './errors';
import { transition, type Transitioned } from './lifecycle';
import { toCents, type Cents } from './money';
import { priceForSegment, resolveSegment, type Route, type Segment } from './route';
import { checkTicketChangeable, occupyingEvent, type ChangeOccasion } from './seat-change';
import { seatEventDraft, type SeatEventDraft } from './seat-event';
import type { Ticket } from './ticket';

/** Where a ticket is exchanged to: a seat on another departure, or on another segment of its own. */
export interface ExchangeTarget {
  seatNumber: number;
  /** Default: the ticket's own boarding city. */
  fromCity?: string;
  /** Default: the ticket's own destination. */
  toCity?: string;
}

/** What an exchange is judged by: the ticket's occasion, the departure it moves to, the new id. */
export interface ExchangeOccasion extends ChangeOccasion {
  target: Route;
  /** The new ticket's id, drawn by the caller. */
  ticketId: string;
}

/** An exchange as the rules decide it, before anything is written. */
export interface Exchanged {
  /** The old ticket cancelled (no fee), pointing at the new one. */
  previous: Transitioned;
  /** The new ticket: same PNR, passenger, owner and status (a reservation keeps its hold deadline). */
  ticket: Ticket;
  segment: Segment;
  /** The new ticket's event on its route. */
  events: SeatEventDraft[];
  /** The new price less the old, in cents (negative: money goes back). */
  differenceCents: Cents;
}

/**
 * The rule of an exchange: a changeable ticket (`checkTicketChangeable`) moves to a seat of a
 * departure still on sale to the actor (`checkOnSale`: not cancelled, not departed), on a segment it
 * serves, into a seat its bus has. The new ticket keeps the old one's PNR (the booking stays one
 * booking), passenger, owner and status; the old one is cancelled. Asking for the very trip and
 * seat the ticket already has is `validation_failed`.
 */
export function exchangeTicket(
  ticket: Ticket,
  wanted: ExchangeTarget,
  occasion: ExchangeOccasion,
): Result<Exchanged, DomainError> {
  const changeable = checkTicketChangeable(ticket, 'exchange', occasion);
  if (changeable.isErr()) return err(changeable.error);
  const { actor, target, now } = occasion;
  const segment = resolveSegment(target, wanted.fromCity ?? ticket.fromCity, wanted.toCity ?? ticket.toCity);
  if (segment.isErr()) return err(segment.error);
  const onSale = checkOnSale(actor, target, segment.value, now);
  if (onSale.isErr()) return err(onSale.error);
  const { seatNumber } = wanted;
  if (!Number.isInteger(seatNumber) || seatNumber < 1 || seatNumber > target.seatCount) {
    return err(errors.seatOutOfRange(seatNumber, target.seatCount));
  }
  const same =
    target.id === ticket.routeId &&
    seatNumber === ticket.seatNumber &&
    segment.value.fromStopIndex === ticket.fromStopIndex &&
    segment.value.toStopIndex === ticket.toStopIndex;
  if (same) return err(errors.validationFailed(`Ticket ${ticket.id} is already this trip and seat.`));
  const cancelled = transition(ticket, 'cancel', now);
  if (cancelled.isErr()) return err(cancelled.error);
  const fresh: Ticket = {
    ...ticket,
    id: occasion.ticketId,
    routeId: target.id,
    seatNumber,
    fromCity: target.stops[segment.value.fromStopIndex] as string,
    toCity: target.stops[segment.value.toStopIndex] as string,
    ...segment.value,
    price: priceForSegment(target, segment.value),
    createdAt: now,
    updatedAt: now,
    exchangedFromId: ticket.id,
    exchangedToId: null,
    // Sold anew: the departure of the new trip as it stands now.
    soldForDepartureAt: segmentDepartsAt(target, segment.value),
    version: 1,
  };
  const previous: Transitioned = {
    ...cancelled.value,
    ticket: { ...cancelled.value.ticket, exchangedToId: fresh.id },
  };
  return ok({
    previous,
    ticket: fresh,
    segment: segment.value,
    events: [seatEventDraft(fresh, occupyingEvent(fresh.status))],
    differenceCents: toCents(fresh.price) - toCents(ticket.price),
  });
}
