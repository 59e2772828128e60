import { err, ok, type Result } from 'neverthrow';
import { segmentDepartsAt, type DepartureTimes } from './departure';
import { errors, type DomainError, type ErrorOf } from './errors';
import type { Route, Segment } from './route';
import type { Ticket } from './ticket';
import { isSingleLineText, SINGLE_LINE_TEXT_RULE } from './text';
import { isAtOrAfter, type Instant } from './time';

/** The longest reason an admin may give for cancelling a departure. */
export const MAX_CANCEL_REASON_LENGTH = 500;

/** What moving a departure asks for: a new departure time, new stop times, or both. */
export interface DepartureMove {
  departureAt?: string;
  stopTimes?: string[];
}

/** The reason as stored (trimmed), or `validation_failed`: required, one line, bounded. */
export function checkCancelReason(reason: unknown): Result<string, ErrorOf<'validation_failed'>> {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length === 0 || text.length > MAX_CANCEL_REASON_LENGTH) {
    return err(errors.validationFailed(`reason has 1 to ${MAX_CANCEL_REASON_LENGTH} characters.`));
  }
  if (!isSingleLineText(text)) return err(errors.validationFailed(`reason ${SINGLE_LINE_TEXT_RULE}.`));
  return ok(text);
}

/**
 * Whether the departure may still change: a cancelled one never again (`route_cancelled`), nor one
 * whose bus has left (`route_departed`).
 */
export function checkChangeable(
  route: Pick<Route, 'id' | 'status' | 'departureAt'>,
  now: Instant,
): Result<void, ErrorOf<'route_cancelled'> | ErrorOf<'route_departed'>> {
  if (route.status === 'cancelled') return err(errors.routeCancelled(route.id));
  if (isAtOrAfter(now, route.departureAt)) {
    const departed = errors.routeDeparted(route.id);
    return err({ ...departed, message: `Route ${route.id} has departed; it can no longer be changed.` });
  }
  return ok(undefined);
}

/** The route cancelled for good, with its reason (already checked by `checkCancelReason`). */
export function cancelRoute(route: Route, reason: string, now: Instant): Result<Route, DomainError> {
  const changeable = checkChangeable(route, now);
  if (changeable.isErr()) return err(changeable.error);
  return ok({ ...route, status: 'cancelled', cancelReason: reason, updatedAt: now });
}

/**
 * The route at its new times. `stopTimes` has one time per stop, none before the one before it, and
 * the first is the departure: given alone, it moves the departure to its first time. `departureAt`
 * given alone, on a route that has stop times, shifts every stop time by the same amount. Every new
 * time is in the future and within the year 9999 (ISO-8601's four-digit years, which every store
 * keeps). Times equal to the route's own leave it as it is (see `keepsTimes`).
 */
export function moveRoute(route: Route, move: DepartureMove, now: Instant): Result<Route, DomainError> {
  const times = newTimes(route, move, now);
  if (times.isErr()) return err(times.error);
  const changeable = checkChangeable(route, now);
  if (changeable.isErr()) return err(changeable.error);
  return ok({ ...route, ...times.value, updatedAt: now });
}

function newTimes(
  route: Pick<Route, 'stops' | 'departureAt' | 'stopTimes'>,
  move: DepartureMove,
  now: Instant,
): Result<Pick<Route, 'departureAt' | 'stopTimes'>, ErrorOf<'validation_failed'>> {
  const invalid = (problem: string) =>
    err(errors.validationFailed('The new departure is not valid.', [problem]));
  if (move.departureAt === undefined && move.stopTimes === undefined) {
    return invalid('give departureAt, stopTimes or both');
  }
  const departure = move.departureAt === undefined ? undefined : instant(move.departureAt);
  if (departure === null) return invalid('departureAt is an ISO-8601 date and time');
  if (move.stopTimes !== undefined) {
    if (!Array.isArray(move.stopTimes) || move.stopTimes.length !== route.stops.length) {
      return invalid(`stopTimes has one time per stop (${route.stops.length})`);
    }
    const stopTimes = move.stopTimes.map(instant);
    if (stopTimes.some((t) => t === null)) return invalid('every stop time is an ISO-8601 date and time');
    const times = stopTimes as Instant[];
    if (times.some((t, i) => i > 0 && Date.parse(t) < Date.parse(times[i - 1] as Instant))) {
      return invalid('no stop time comes before the one of the stop before it');
    }
    const first = times[0] as Instant;
    if (departure !== undefined && first !== departure) return invalid('the first stop time is departureAt');
    if (!inFuture(first, now)) return invalid('the departure is in the future');
    if (!times.every(inFourDigitYears)) return invalid('every stop time is within the year 9999');
    return ok({ departureAt: first, stopTimes: times });
  }
  const departureAt = departure as Instant;
  if (!inFuture(departureAt, now)) return invalid('departureAt is in the future');
  if (!inFourDigitYears(departureAt)) return invalid('departureAt is within the year 9999');
  const shift = Date.parse(departureAt) - Date.parse(route.departureAt);
  const stopTimes = route.stopTimes?.map((t) => new Date(Date.parse(t) + shift).toISOString()) ?? null;
  if (stopTimes && !stopTimes.every(inFourDigitYears)) {
    return invalid('the stop times, shifted with the departure, stay within the year 9999');
  }
  return ok({ departureAt, stopTimes });
}

/**
 * The last instant with a four-digit year: later ones are written `+010000-…`, which PostgreSQL
 * refuses.
 */
const LATEST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');
const inFourDigitYears = (at: Instant) => Date.parse(at) <= LATEST_INSTANT_MS;

/**
 * Whether a move leaves the route's times exactly as they are: it is then answered with the route
 * unchanged, and nothing is written, recorded or sent.
 */
export function keepsTimes(
  route: Pick<Route, 'departureAt' | 'stopTimes'>,
  moved: Pick<Route, 'departureAt' | 'stopTimes'>,
): boolean {
  const stops = (times: Instant[] | null) => (times ? times.join(' ') : null);
  return route.departureAt === moved.departureAt && stops(route.stopTimes) === stops(moved.stopTimes);
}

/** ISO-8601 text as an instant, or null when it is not a date and time. */
function instant(value: unknown): Instant | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const inFuture = (at: Instant, now: Instant) => Date.parse(at) > Date.parse(now);

/**
 * Whether the ticket's segment now departs more than `minutes` away from the departure it was sold
 * for, earlier or later: its passenger then cancels without a fee. A ticket bought after a move was
 * sold the moved departure, so that move gives it nothing.
 */
export function movedMoreThan(
  route: DepartureTimes,
  ticket: Pick<Ticket, 'soldForDepartureAt' | keyof Segment>,
  minutes: number,
): boolean {
  const departsAt = segmentDepartsAt(route, ticket);
  const moved = Math.abs(Date.parse(departsAt) - Date.parse(ticket.soldForDepartureAt));
  return moved > minutes * 60_000;
}
