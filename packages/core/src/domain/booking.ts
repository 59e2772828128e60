import { err, ok, type Result } from 'neverthrow';
import { isStaff, type Actor } from './actor';
import { checkOnSale, segmentDepartsAt } from './departure';
import { errors, type DomainError } from './errors';
import { priceForSegment, resolveSegment, type Route, type Segment } from './route';
import { seatEventDraft, type SeatEventDraft } from './seat-event';
import type { Gender, Ticket } from './ticket';
import { addSeconds, type Instant } from './time';

/** One passenger of a booking (already through the core's input guard). */
export interface NewPassenger {
  seatNumber: number;
  passengerName: string;
  gender: Gender;
  phone?: string;
  /** Where the passenger's e-mails go; never shown in a ticket view or a log. */
  email?: string;
}

/** A booking as asked for: who, which route and segment, which seats for which passengers. */
export interface BookingRequest {
  actor: Actor;
  route: Route;
  segment: Segment;
  passengers: readonly { seatNumber: number; gender: Gender }[];
  now: Instant;
}

/** A booking's PNR and its new tickets, in the order the passengers were given. */
export interface BookingAttempt extends BookingRequest {
  pnrNumber: string;
  tickets: readonly Ticket[];
}

/** What `book` is asked: the trip, the passengers, the hold, and the ids the caller drew for them. */
export interface NewBooking {
  actor: Actor;
  route: Route;
  fromCity?: string;
  toCity?: string;
  passengers: readonly NewPassenger[];
  now: Instant;
  /** How long a customer's reservation waits for payment. */
  holdSeconds: number;
  pnrNumber: string;
  /** One per passenger, in the same order. */
  ticketIds: readonly string[];
}

/** A booking that the rules of the ticket allow: its tickets and their seat events (ascending seats). */
export interface Booked extends BookingAttempt {
  events: SeatEventDraft[];
}

/**
 * The creation rule of tickets: the segment must exist on the route, must not have departed, and
 * every seat must exist on the bus. A customer's tickets are `reserved` and wait `holdSeconds` for
 * payment (`seat_reserved`); an agent's or admin's are a counter sale, `confirmed` at once
 * (`seat_confirmed`). Whether the seats are free is the storage's atomic guarantee, not a rule here.
 */
export function book(input: NewBooking): Result<Booked, DomainError> {
  const { actor, route, now } = input;
  const segment = resolveSegment(route, input.fromCity, input.toCity);
  if (segment.isErr()) return err(segment.error);
  const departure = checkOnSale(actor, route, segment.value, now);
  if (departure.isErr()) return err(departure.error);
  const outside = input.passengers.find((p) => p.seatNumber < 1 || p.seatNumber > route.seatCount);
  if (outside) return err(errors.seatOutOfRange(outside.seatNumber, route.seatCount));
  const counterSale = isStaff(actor);
  const tickets = input.passengers.map((passenger, i): Ticket => ({
    id: input.ticketIds[i] as string,
    pnrNumber: input.pnrNumber,
    routeId: route.id,
    seatNumber: passenger.seatNumber,
    fromCity: route.stops[segment.value.fromStopIndex] as string,
    toCity: route.stops[segment.value.toStopIndex] as string,
    ...segment.value,
    passengerName: passenger.passengerName,
    gender: passenger.gender,
    phone: passenger.phone ?? null,
    email: passenger.email ?? null,
    price: priceForSegment(route, segment.value),
    status: counterSale ? 'confirmed' : 'reserved',
    holdExpiresAt: counterSale ? null : addSeconds(now, input.holdSeconds),
    createdAt: now,
    updatedAt: now,
    ownerId: actor.userId,
    issuedBy: actor.role,
    exchangedFromId: null,
    exchangedToId: null,
    soldForDepartureAt: segmentDepartsAt(route, segment.value),
    version: 1,
  }));
  const eventType = counterSale ? 'seat_confirmed' : 'seat_reserved';
  return ok({
    actor,
    route,
    segment: segment.value,
    passengers: input.passengers.map(({ seatNumber, gender }) => ({ seatNumber, gender })),
    now,
    pnrNumber: input.pnrNumber,
    tickets,
    events: bySeat(tickets).map((t) => seatEventDraft(t, eventType)),
  });
}

/** Tickets in ascending seat order: how a booking writes them, so two groups never wait crosswise. */
export function bySeat<T extends Pick<Ticket, 'seatNumber'>>(tickets: readonly T[]): T[] {
  return [...tickets].sort((a, b) => a.seatNumber - b.seatNumber);
}
