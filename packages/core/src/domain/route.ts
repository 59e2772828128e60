import { err, ok, type Result } from 'neverthrow';
import { hasWholeCents } from './money';
import { errors, type DomainError, type ErrorOf } from './errors';
import { checkStopTimes, inFourDigitYears } from './stop-times';
import { isSingleLineText, SINGLE_LINE_TEXT_RULE } from './text';
import { DECK_COUNTS, SEAT_LAYOUTS, type DeckCount, type SeatLayout } from './seat-layout';
import type { Instant } from './time';

export const MAX_SEATS = 100;
export const MAX_CITY_LENGTH = 100;
export const MAX_STATIONS = 30;

/** A price that applies to one exact segment instead of the route's full price. */
export interface SegmentPrice {
  fromStopIndex: number;
  toStopIndex: number;
  price: number;
}

/** A departure runs as `scheduled` (it may be moved) until an admin cancels it, for good. */
export const ROUTE_STATUSES = ['scheduled', 'cancelled'] as const;
export type RouteStatus = (typeof ROUTE_STATUSES)[number];

/** One scheduled bus departure along an ordered list of stops. */
export interface Route {
  id: string;
  fromCity: string;
  toCity: string;
  /** `stops[0]` is `fromCity`, the last stop is `toCity`. */
  stops: string[];
  departureAt: Instant;
  seatCount: number;
  price: number;
  layout: SeatLayout;
  /** 1, or 2 for a double-decker (see `seatPosition` for how seats are numbered across decks). */
  decks: DeckCount;
  segmentPrices: SegmentPrice[];
  status: RouteStatus;
  /** Why an admin cancelled it (null while scheduled). */
  cancelReason: string | null;
  /** When the bus leaves each stop (`stopTimes[0]` is `departureAt`), or null when only the departure is known. */
  stopTimes: Instant[] | null;
  /**
   * The departure first announced: a passenger whose bus has since moved by more than the free
   * delay cancels without a fee.
   */
  scheduledDepartureAt: Instant;
  createdAt: Instant;
  updatedAt: Instant;
}

/** The half-open stretch `[fromStopIndex, toStopIndex)` of a route that a ticket occupies. */
export interface Segment {
  fromStopIndex: number;
  toStopIndex: number;
}

export interface NewRoute {
  fromCity: string;
  toCity: string;
  stations?: string[];
  departureAt: string;
  seatCount: number;
  price: number;
  layout?: SeatLayout;
  /** Default 1. */
  decks?: DeckCount;
  segmentPrices?: { fromCity: string; toCity: string; price: number }[];
  /** When the bus leaves each stop: one per stop, none before the one before it, the first `departureAt`. */
  stopTimes?: string[];
}

export function segmentsOverlap(a: Segment, b: Segment): boolean {
  return a.fromStopIndex < b.toStopIndex && b.fromStopIndex < a.toStopIndex;
}

/** Resolves city names to a segment; omitted cities default to the route's ends. */
export function resolveSegment(
  route: Pick<Route, 'stops'>,
  fromCity?: string,
  toCity?: string,
): Result<Segment, ErrorOf<'invalid_segment'>> {
  const fromStopIndex = fromCity === undefined ? 0 : route.stops.indexOf(fromCity);
  const toStopIndex = toCity === undefined ? route.stops.length - 1 : route.stops.indexOf(toCity);
  if (fromStopIndex < 0) return err(errors.invalidSegment(`This route does not stop in ${fromCity}.`));
  if (toStopIndex < 0) return err(errors.invalidSegment(`This route does not stop in ${toCity}.`));
  if (fromStopIndex >= toStopIndex) {
    return err(
      errors.invalidSegment(
        `${route.stops[fromStopIndex]} does not come before ${route.stops[toStopIndex]}.`,
      ),
    );
  }
  return ok({ fromStopIndex, toStopIndex });
}

const sameSegment = (a: Segment, b: Segment) =>
  a.fromStopIndex === b.fromStopIndex && a.toStopIndex === b.toStopIndex;

export function priceForSegment(route: Pick<Route, 'price' | 'segmentPrices'>, segment: Segment): number {
  const special = route.segmentPrices.find((p) => sameSegment(p, segment));
  return special?.price ?? route.price;
}

// Compare with a tolerance: 19.99 * 100 is 1998.9999999999998 in binary floating point.
const isPrice = (n: number) => typeof n === 'number' && n > 0 && hasWholeCents(n);

/** Checks a new route's invariants (the REST layer validates shapes; this guards every caller). */
export function buildRoute(input: NewRoute, id: string, now: Instant): Result<Route, DomainError> {
  const cities = [input.fromCity, ...(input.stations ?? []), input.toCity];
  const stops = cities.map((s) => s.trim());
  const problems: string[] = [];
  if (stops.some((s) => s.length === 0 || s.length > MAX_CITY_LENGTH)) {
    problems.push(`every city name has 1 to ${MAX_CITY_LENGTH} characters`);
  } else if (!cities.every(isSingleLineText)) {
    problems.push(`every city name ${SINGLE_LINE_TEXT_RULE}`);
  }
  if ((input.stations ?? []).length > MAX_STATIONS) problems.push(`at most ${MAX_STATIONS} stations`);
  if (new Set(stops).size !== stops.length) problems.push('a route visits each city once');
  if (!Number.isInteger(input.seatCount) || input.seatCount < 1 || input.seatCount > MAX_SEATS) {
    problems.push(`seatCount is a whole number from 1 to ${MAX_SEATS}`);
  }
  if (!isPrice(input.price)) problems.push('price is a positive amount with at most two decimals');
  const departure = Date.parse(input.departureAt);
  if (Number.isNaN(departure)) problems.push('departureAt is an ISO-8601 date and time');
  else if (departure <= Date.parse(now)) problems.push('departureAt is in the future');
  else if (!inFourDigitYears(new Date(departure).toISOString())) {
    problems.push('departureAt is within the year 9999');
  }
  let stopTimes: Instant[] | null = null;
  if (input.stopTimes !== undefined && !Number.isNaN(departure)) {
    const checked = checkStopTimes(stops.length, new Date(departure).toISOString(), input.stopTimes);
    problems.push(...checked.problems);
    stopTimes = checked.times;
  }
  const layout = input.layout ?? '2+2';
  if (!SEAT_LAYOUTS.includes(layout)) problems.push(`layout is one of ${SEAT_LAYOUTS.join(', ')}`);
  const decks = input.decks ?? 1;
  if (!DECK_COUNTS.includes(decks)) problems.push('decks is 1 or 2');
  else if (decks === 2 && input.seatCount < 2) problems.push('a bus with two decks has at least 2 seats');

  const segmentPrices: SegmentPrice[] = [];
  for (const p of input.segmentPrices ?? []) {
    const segment = resolveSegment({ stops }, p.fromCity, p.toCity);
    if (segment.isErr()) problems.push(`segment price ${p.fromCity}-${p.toCity}: ${segment.error.message}`);
    else if (!isPrice(p.price)) problems.push(`segment price ${p.fromCity}-${p.toCity} is a positive amount`);
    else if (segmentPrices.some((q) => sameSegment(q, segment.value))) {
      problems.push(`segment price ${p.fromCity}-${p.toCity} repeats a segment priced before`);
    } else segmentPrices.push({ ...segment.value, price: p.price });
  }
  if (problems.length > 0) return err(errors.validationFailed('The route is not valid.', problems));

  return ok({
    id,
    fromCity: stops[0] as string,
    toCity: stops[stops.length - 1] as string,
    stops,
    departureAt: new Date(departure).toISOString(),
    seatCount: input.seatCount,
    price: input.price,
    layout,
    decks,
    segmentPrices,
    status: 'scheduled',
    cancelReason: null,
    stopTimes,
    scheduledDepartureAt: new Date(departure).toISOString(),
    createdAt: now,
    updatedAt: now,
  });
}

/** True when `from` comes before `to` among the route's stops (each optional). */
export function servesTrip(route: Pick<Route, 'stops'>, from?: string, to?: string): boolean {
  const fromIndex = from === undefined ? 0 : route.stops.indexOf(from);
  const toIndex = to === undefined ? route.stops.length - 1 : route.stops.indexOf(to);
  return fromIndex >= 0 && toIndex >= 0 && fromIndex < toIndex;
}
