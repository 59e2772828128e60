import { err, ok, type Result } from 'neverthrow';
import { isStaff, type Actor } from './actor';
import { errors, type ErrorOf } from './errors';
import type { TicketAction } from './lifecycle';
import type { Route, Segment } from './route';
import type { Ticket, TicketStatus } from './ticket';
import { isAtOrAfter, type Instant } from './time';

/**
 * What a route tells about when its bus leaves: the departure, and the time of every stop when it
 * has them. A route read without its stop times departs everywhere at `departureAt`.
 */
export type DepartureTimes = Pick<Route, 'departureAt'> & Partial<Pick<Route, 'stopTimes'>>;

/**
 * When the passengers of `segment` board: the time the bus leaves the segment's first stop
 * (`stopTimes[fromStopIndex]`), or the route's `departureAt` when it has no stop times. Sales,
 * holds, payments, customer cancels, the cancellation fee and hold expiry all follow it, so a later
 * segment stays on sale after the bus has left the first stop.
 */
export function segmentDepartsAt(route: DepartureTimes, segment: Segment): Instant {
  return route.stopTimes?.[segment.fromStopIndex] ?? route.departureAt;
}

export function hasDeparted(route: DepartureTimes, segment: Segment, now: Instant): boolean {
  return isAtOrAfter(now, segmentDepartsAt(route, segment));
}

/** What someone may ask of a seat: a booking, a payment, or a ticket action (not the sweep's or the bus's). */
export type SeatRequest = 'book' | Exclude<TicketAction, 'expire' | 'no_show'>;

/**
 * The departure rule: once a segment has departed nobody books it or pays for it, and a customer
 * can no longer cancel. Agents and admins keep the records straight after the bus has left: they
 * may still cancel, suspend and confirm, except that an unpaid hold (`reserved`) can then only end
 * (cancelled by staff, or expired by the sweep), never be confirmed or suspended into a seat.
 */
export function departureAllows(actor: Actor, request: SeatRequest, status?: TicketStatus): boolean {
  switch (request) {
    case 'book':
    case 'pay':
      return false;
    case 'cancel':
      return isStaff(actor);
    case 'confirm':
    case 'suspend':
      return isStaff(actor) && status !== 'reserved';
  }
}

/** `route_departed` when the departure rule refuses `request` on `segment` at `now`. */
export function checkDeparture(
  actor: Actor,
  request: SeatRequest,
  route: Pick<Route, 'id'> & DepartureTimes,
  segment: Segment,
  now: Instant,
  status?: TicketStatus,
): Result<void, ErrorOf<'route_departed'>> {
  if (!hasDeparted(route, segment, now) || departureAllows(actor, request, status)) return ok(undefined);
  const refused = errors.routeDeparted(route.id);
  return err(request === 'book' ? refused : { ...refused, message: `${refused.message} ${AFTER[request]}` });
}

const AFTER: Record<Exclude<SeatRequest, 'book'>, string> = {
  pay: 'Its unpaid reservations can no longer be paid for.',
  cancel: 'Only an agent or admin can cancel its tickets now.',
  confirm: 'An unpaid reservation can no longer be confirmed; cancel it or let it expire.',
  suspend: 'An unpaid reservation can no longer be suspended; cancel it or let it expire.',
};

/**
 * Whether `route` still sells `segment` to `actor` at `now`: a driver buys and holds nothing
 * (`forbidden`), a cancelled departure sells nothing (`route_cancelled`), a departed segment
 * follows the departure rule (`route_departed`).
 */
export function checkOnSale(
  actor: Actor,
  route: Pick<Route, 'id' | 'status'> & DepartureTimes,
  segment: Segment,
  now: Instant,
): Result<void, ErrorOf<'forbidden'> | ErrorOf<'route_departed'> | ErrorOf<'route_cancelled'>> {
  if (actor.role === 'driver')
    return err(errors.forbidden('A driver boards passengers; booking is for others.'));
  if (route.status === 'cancelled') return err(errors.routeCancelled(route.id));
  return checkDeparture(actor, 'book', route, segment, now);
}

/**
 * When a reservation stops holding its seat: its hold's end, or its segment's departure if that
 * comes first (an unpaid hold of a bus that has left expires).
 */
export function holdEndsAt(
  ticket: Pick<Ticket, 'holdExpiresAt' | keyof Segment>,
  route: DepartureTimes,
): Instant {
  const departure = segmentDepartsAt(route, ticket);
  if (ticket.holdExpiresAt === null) return departure;
  return Date.parse(ticket.holdExpiresAt) <= Date.parse(departure) ? ticket.holdExpiresAt : departure;
}

/** Whether a `reserved` ticket is due for the expiry sweep at `now`. */
export function holdIsOver(
  ticket: Pick<Ticket, 'status' | 'holdExpiresAt' | keyof Segment>,
  route: DepartureTimes,
  now: Instant,
): boolean {
  return ticket.status === 'reserved' && isAtOrAfter(now, holdEndsAt(ticket, route));
}
