import { err, ok, type Result } from 'neverthrow';
import { errors, type ErrorOf } from './errors';
import type { Segment } from './route';
import { columnsBeforeAisle, seatPosition, seatsPerRow, type BusShape } from './seat-layout';
import { bestSeats, togetherChoice, type Candidate } from './seat-ranking';
import type { Gender } from './ticket';

/** What the passenger would like; every field is optional and none of them ever causes a refusal. */
export interface SeatPreferences {
  /** With more than one seat: side by side in one row, else in consecutive rows, else apart. */
  together?: boolean;
  /** Window seats are at either side of the bus; aisle seats next to the aisle. */
  position?: 'window' | 'aisle';
  /** Only seats on this deck (1 is the lower or only deck). Unlike the others, this one filters. */
  deck?: number;
  /** The passenger's gender: the caller's seat rules read it to compute `blocked`; the choice does not. */
  gender?: Gender;
}

/** A seat occupied on `[fromStopIndex, toStopIndex)` by a ticket or a hold. */
export interface OccupiedStretch extends Segment {
  seatNumber: number;
}

export interface SeatChoiceRequest {
  bus: BusShape;
  /** The route's number of stops (`route.stops.length`): the route has `stopCount - 1` legs. */
  stopCount: number;
  segment: Segment;
  quantity: number;
  preferences?: SeatPreferences;
  /** Every occupied stretch on the route (tickets and holds), any segment. */
  occupied: readonly OccupiedStretch[];
  /** Seats a seat rule refuses this passenger (e.g. gender adjacency), computed by the caller. */
  blocked?: ReadonlySet<number>;
}

/**
 * Picks `quantity` seats free for the whole segment, in ascending seat order. Seats on the asked
 * `position` come first; then the seat whose free stretch around the segment is tightest, so the
 * seats free for long stretches stay for the passengers who need them; then the lowest number.
 * `together` prefers one row, then consecutive rows, and falls back to the best seats apart.
 * The caller validates the request (a quantity below 1 or a segment off the route throws).
 */
export function chooseSeats(request: SeatChoiceRequest): Result<number[], ErrorOf<'not_enough_seats'>> {
  assertValid(request);
  const { quantity, preferences } = request;
  const candidates = candidatesOf(request);
  if (candidates.length < quantity) return err(errors.notEnoughSeats(quantity, candidates.length));
  const together = preferences?.together === true && quantity > 1;
  const grouped = together ? togetherChoice(request.bus, candidates, quantity) : undefined;
  // Holding some seats apart beats refusing a group the bus has no room to seat together.
  const chosen = grouped ?? bestSeats(candidates, quantity);
  return ok(chosen.map((c) => c.seat).sort((a, b) => a - b));
}

function assertValid({ stopCount, segment, quantity }: SeatChoiceRequest): void {
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw new RangeError(`chooseSeats needs a quantity of 1 or more, got ${quantity}`);
  }
  const { fromStopIndex: from, toStopIndex: to } = segment;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from >= to || to >= stopCount) {
    throw new RangeError(`chooseSeats needs a segment on the route's ${stopCount} stops, got ${from}-${to}`);
  }
}

/** Every seat free for the whole segment, not blocked and on the asked deck, with its ranking data. */
function candidatesOf(request: SeatChoiceRequest): Candidate[] {
  const { bus, segment, preferences, blocked } = request;
  const busy = busyLegs(request);
  const candidates: Candidate[] = [];
  for (let seat = 1; seat <= bus.seatCount; seat += 1) {
    const position = seatPosition(bus, seat);
    const legs = busy[seat] as boolean[];
    if (blocked?.has(seat) || !isFreeFor(legs, segment)) continue;
    if (preferences?.deck !== undefined && position.deck !== preferences.deck) continue;
    const preferred = preferences?.position === undefined || isAt(bus, position.column, preferences.position);
    candidates.push({ seat, position, preferred, spare: spareLegs(legs, segment) });
  }
  return candidates;
}

/** `busy[seat][leg]`: leg `i` runs from stop `i` to stop `i + 1`. */
function busyLegs({ bus, stopCount, occupied }: SeatChoiceRequest): boolean[][] {
  const busy = Array.from({ length: bus.seatCount + 1 }, () => new Array<boolean>(stopCount - 1).fill(false));
  for (const stretch of occupied) {
    const legs = busy[stretch.seatNumber];
    if (legs === undefined) continue; // not a seat of this bus: nothing of ours to block
    const last = Math.min(stretch.toStopIndex, stopCount - 1);
    for (let leg = Math.max(stretch.fromStopIndex, 0); leg < last; leg += 1) legs[leg] = true;
  }
  return busy;
}

function isFreeFor(legs: boolean[], { fromStopIndex, toStopIndex }: Segment): boolean {
  return legs.slice(fromStopIndex, toStopIndex).every((taken) => !taken);
}

/** Free legs just before and just after the segment: what this sale leaves as a short gap. */
function spareLegs(legs: boolean[], { fromStopIndex, toStopIndex }: Segment): number {
  let spare = 0;
  for (let leg = fromStopIndex - 1; leg >= 0 && !legs[leg]; leg -= 1) spare += 1;
  for (let leg = toStopIndex; leg < legs.length && !legs[leg]; leg += 1) spare += 1;
  return spare;
}

/** Window: the first or last column. Aisle: either column beside the aisle. A lone seat is both. */
function isAt(bus: BusShape, column: number, position: 'window' | 'aisle'): boolean {
  if (position === 'window') return column === 1 || column === seatsPerRow(bus.layout);
  const aisle = columnsBeforeAisle(bus.layout);
  return column === aisle || column === aisle + 1;
}
