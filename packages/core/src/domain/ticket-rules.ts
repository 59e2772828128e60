import { err, ok, Result } from 'neverthrow';
import { isStaff, type Actor } from './actor';
import { bySeat } from './booking';
import { checkDeparture, holdIsOver } from './departure';
import { errors, type DomainError, type ErrorOf } from './errors';
import { transition, type TicketAction, type Transitioned } from './lifecycle';
import type { Route } from './route';
import type { Ticket } from './ticket';
import { isAtOrAfter, type Instant } from './time';

/** What a request on a ticket is judged by besides the ticket: who asks, on which route, when. */
export interface Occasion {
  actor: Actor;
  route: Pick<Route, 'id' | 'departureAt' | 'stopTimes' | 'scheduledDepartureAt'>;
  now: Instant;
}

/** What a person may ask of an existing ticket (only the sweep expires one, only a departure makes a no-show). */
export type TicketRequest = Exclude<TicketAction, 'expire' | 'no_show'>;

/** Confirming and suspending are counter work: a customer is `forbidden`, whoever's ticket it is. */
export function mayRequest(actor: Actor, request: TicketRequest): Result<void, ErrorOf<'forbidden'>> {
  if ((request === 'confirm' || request === 'suspend') && !isStaff(actor)) {
    return err(errors.forbidden(`Only an agent or admin may ${request} a ticket.`));
  }
  return ok(undefined);
}

/** Whether a reservation's hold ran out at `now`, whether or not the sweep has released it yet. */
export function holdRanOut(ticket: Pick<Ticket, 'holdExpiresAt'>, now: Instant): boolean {
  return ticket.holdExpiresAt !== null && isAtOrAfter(now, ticket.holdExpiresAt);
}

/**
 * Every rule of a request on an existing ticket, in the contract's order: the departure rule, the
 * hold's deadline (a reservation whose hold ran out, or that expired, is not paid for, and one
 * whose hold ran out is not confirmed: `hold_expired`), then the life cycle.
 */
export function decide(
  ticket: Ticket,
  request: TicketRequest,
  { actor, route, now }: Occasion,
): Result<Transitioned, DomainError> {
  const departure = checkDeparture(actor, request, route, ticket, now, ticket.status);
  if (departure.isErr()) return err(departure.error);
  if (pastItsHold(ticket, request, now)) return err(errors.holdExpired(ticket.id));
  return transition(ticket, request, now);
}

function pastItsHold(ticket: Ticket, request: TicketRequest, now: Instant): boolean {
  if (request === 'pay' && ticket.status === 'expired') return true;
  const needsHold = request === 'pay' || request === 'confirm';
  return needsHold && ticket.status === 'reserved' && holdRanOut(ticket, now);
}

/** The other reservations of a ticket's PNR that one payment for it pays too: those still held, by seat. */
export function companionsOf(ticket: Ticket, pnr: readonly Ticket[], now: Instant): Ticket[] {
  return bySeat(pnr.filter((t) => t.id !== ticket.id && t.status === 'reserved' && !holdRanOut(t, now)));
}

/**
 * One payment for a ticket and its companions (`companionsOf`): the ticket asked for must be
 * payable (`decide`), the others go along. The first transition is the ticket asked for.
 */
export function payTogether(
  ticket: Ticket,
  pnr: readonly Ticket[],
  occasion: Occasion,
): Result<Transitioned[], DomainError> {
  const companions = companionsOf(ticket, pnr, occasion.now).map((t) => transition(t, 'pay', occasion.now));
  return Result.combine([decide(ticket, 'pay', occasion), ...companions]);
}

/**
 * The sweep's rule: a reservation whose hold is over (`holdIsOver`: it ran out, or its segment
 * departed first) expires with `seat_available` (`hold_expired`); anything else is refused.
 */
export function expireHold(
  ticket: Ticket,
  route: Pick<Route, 'departureAt' | 'stopTimes'>,
  now: Instant,
): Result<Transitioned, ErrorOf<'invalid_transition'>> {
  if (ticket.status === 'reserved' && !holdIsOver(ticket, route, now)) {
    return err(errors.invalidTransition('reserved', 'expire', `The hold of ticket ${ticket.id} still runs.`));
  }
  return transition(ticket, 'expire', now);
}
