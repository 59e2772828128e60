import { err, ok, type Result } from 'neverthrow';
import { BOARDING_WINDOW_HOURS, type Boarding } from './boarding';
import { segmentDepartsAt } from './departure';
import { errors, type ErrorOf } from './errors';
import type { HistoryEntry } from './history';
import type { Route } from './route';
import type { Ticket, TicketStatus } from './ticket';
import type { Instant } from './time';

/** The tickets a manifest lists: paid passengers, and those who did not show up. */
export const MANIFEST_STATUSES = ['confirmed', 'no_show'] as const satisfies readonly TicketStatus[];

/** One passenger on a departure's list (no contact details: a driver reads it). */
export interface ManifestPassenger {
  ticketId: string;
  seatNumber: number;
  passengerName: string;
  fromCity: string;
  toCity: string;
  fromStopIndex: number;
  toStopIndex: number;
  status: TicketStatus;
  /** When the passenger boarded, or null. */
  boardedAt: Instant | null;
}

export interface Manifest {
  routeId: string;
  stops: string[];
  /** By boarding stop, then seat. */
  passengers: ManifestPassenger[];
}

export function buildManifest(
  route: Route,
  tickets: readonly Ticket[],
  boardings: readonly Boarding[],
): Manifest {
  const boardedAt = new Map(boardings.map((b) => [b.ticketId, b.boardedAt]));
  const listed = tickets.filter((t) => (MANIFEST_STATUSES as readonly string[]).includes(t.status));
  const passengers = listed
    .map((t): ManifestPassenger => ({
      ticketId: t.id,
      seatNumber: t.seatNumber,
      passengerName: t.passengerName,
      fromCity: t.fromCity,
      toCity: t.toCity,
      fromStopIndex: t.fromStopIndex,
      toStopIndex: t.toStopIndex,
      status: t.status,
      boardedAt: boardedAt.get(t.id) ?? null,
    }))
    .sort(
      (a, b) =>
        a.fromStopIndex - b.fromStopIndex || a.seatNumber - b.seatNumber || a.toStopIndex - b.toStopIndex,
    );
  return { routeId: route.id, stops: [...route.stops], passengers };
}

/** The route trail's action for "the bus left a stop"; its change is the route's `departedStops`. */
export const DEPART_STOP_ACTION = 'depart_stop';

/** A stop the bus has left, as the route's audit trail keeps it. */
export interface StopDeparture {
  stopIndex: number;
  departedAt: Instant;
}

/** The stops the bus has left, read from the route's trail (the first departure of each counts). */
export function stopDepartures(trail: readonly HistoryEntry[]): StopDeparture[] {
  const departed = new Map<number, Instant>();
  for (const entry of trail) {
    if (entry.action !== DEPART_STOP_ACTION) continue;
    const stopIndex = entry.changes['departedStop']?.to;
    if (typeof stopIndex === 'number' && !departed.has(stopIndex)) departed.set(stopIndex, entry.at);
  }
  return [...departed].map(([stopIndex, departedAt]) => ({ stopIndex, departedAt }));
}

/**
 * The bus may leave any stop but the last (it ends there), of a departure that runs, on its day. A
 * stop index that is not a whole number in range, or a stop whose time is more than
 * `BOARDING_WINDOW_HOURS` away (a wrong route or stop: no-shows cannot be undone), is
 * `validation_failed`; a cancelled departure, `route_cancelled`.
 */
export function checkDepartable(
  route: Route,
  stopIndex: number,
  now: Instant,
): Result<void, ErrorOf<'validation_failed'> | ErrorOf<'route_cancelled'>> {
  const last = route.stops.length - 2;
  if (!Number.isInteger(stopIndex) || stopIndex < 0 || stopIndex > last) {
    return err(errors.validationFailed(`stopIndex must be a stop the bus leaves from: 0 to ${last}.`));
  }
  if (route.status === 'cancelled') return err(errors.routeCancelled(route.id));
  const leaves = segmentDepartsAt(route, { fromStopIndex: stopIndex, toStopIndex: stopIndex + 1 });
  if (Math.abs(Date.parse(leaves) - Date.parse(now)) > BOARDING_WINDOW_HOURS * 3_600_000) {
    return err(
      errors.validationFailed(
        `The bus leaves ${route.stops[stopIndex] ?? ''} at ${leaves}, not within ${BOARDING_WINDOW_HOURS} hours of now.`,
      ),
    );
  }
  return ok(undefined);
}

/** Who did not board at a stop: its confirmed tickets with no boarding, by seat. */
export function noShowsAt(
  stopIndex: number,
  tickets: readonly Ticket[],
  boardings: readonly Boarding[],
): Ticket[] {
  const boarded = new Set(boardings.map((b) => b.ticketId));
  return tickets
    .filter((t) => t.status === 'confirmed' && t.fromStopIndex === stopIndex && !boarded.has(t.id))
    .sort((a, b) => a.seatNumber - b.seatNumber || a.toStopIndex - b.toStopIndex);
}
