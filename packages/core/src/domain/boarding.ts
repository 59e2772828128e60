import { err, ok, type Result } from 'neverthrow';
import { segmentDepartsAt } from './departure';
import { errors, type ErrorOf } from './errors';
import type { Route } from './route';
import type { Ticket } from './ticket';
import type { Instant } from './time';

/** How a boarding was recorded: scanned online, or kept by a scanner that was offline and sent later. */
export const BOARDING_SOURCES = ['live', 'offline'] as const;
export type BoardingSource = (typeof BOARDING_SOURCES)[number];

/** A passenger on the bus: at most one per ticket, the earliest scan. */
export interface Boarding {
  ticketId: string;
  routeId: string;
  boardedAt: Instant;
  /** The user id of the driver, agent or admin who scanned the code. */
  scannedBy: string;
  source: BoardingSource;
}

/** What an e-ticket's code says, signed: enough for a scanner to show who may board where, offline. */
export interface ETicketClaims {
  ticketId: string;
  pnr: string;
  routeId: string;
  seatNumber: number;
  fromStopIndex: number;
  toStopIndex: number;
  fromCity: string;
  toCity: string;
  passengerName: string;
  /** When the bus leaves the ticket's first stop. */
  departureAt: Instant;
}

/**
 * A scan counts for the departure it is made on: the ticket's segment leaves at most this long before
 * or after the scan. A code scanned a day early or late is `not_boardable`.
 */
export const BOARDING_WINDOW_HOURS = 12;
const WINDOW_MS = BOARDING_WINDOW_HOURS * 3_600_000;

export function eticketClaims(ticket: Ticket, route: Route): ETicketClaims {
  return {
    ticketId: ticket.id,
    pnr: ticket.pnrNumber,
    routeId: ticket.routeId,
    seatNumber: ticket.seatNumber,
    fromStopIndex: ticket.fromStopIndex,
    toStopIndex: ticket.toStopIndex,
    fromCity: ticket.fromCity,
    toCity: ticket.toCity,
    passengerName: ticket.passengerName,
    departureAt: segmentDepartsAt(route, ticket),
  };
}

/** Only a paid ticket on a running departure has an e-ticket. */
export function checkHasETicket(ticket: Ticket, route: Route): Result<void, ErrorOf<'not_boardable'>> {
  if (ticket.status !== 'confirmed') return err(errors.notBoardable(ticket.id, `it is ${ticket.status}`));
  if (route.status === 'cancelled') return err(errors.notBoardable(ticket.id, 'its departure is cancelled'));
  return ok(undefined);
}

/**
 * Whether a verified code boards now, against the ticket's current state: a paid ticket whose
 * departure runs, whose seat and segment are still the ones the code names (a changed seat needs the
 * new code), leaving within `BOARDING_WINDOW_HOURS` of the scan.
 */
export function checkBoardable(
  claims: ETicketClaims,
  ticket: Ticket,
  route: Route,
  scannedAt: Instant,
): Result<void, ErrorOf<'not_boardable'>> {
  const paid = checkHasETicket(ticket, route);
  if (paid.isErr()) return paid;
  const current = eticketClaims(ticket, route);
  if (
    claims.routeId !== current.routeId ||
    claims.seatNumber !== current.seatNumber ||
    claims.fromStopIndex !== current.fromStopIndex ||
    claims.toStopIndex !== current.toStopIndex
  ) {
    return err(errors.notBoardable(ticket.id, 'the ticket has changed since this code was issued'));
  }
  const gap = Math.abs(Date.parse(current.departureAt) - Date.parse(scannedAt));
  if (gap > WINDOW_MS) {
    return err(
      errors.notBoardable(ticket.id, `its bus leaves at ${current.departureAt}, not on the day of this scan`),
    );
  }
  return ok(undefined);
}
