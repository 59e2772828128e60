import { err, ok, type Result } from 'neverthrow';
import { isStaff, type Actor } from './actor';
import { checkOnSale, hasDeparted } from './departure';
import { errors, type DomainError, type ErrorOf } from './errors';
import { priceForSegment, resolveSegment, segmentsOverlap, type Route, type Segment } from './route';
import type { SeatEventDraft, SeatEventType, SeatFreedReason } from './seat-event';
import { addSeconds, isAtOrAfter, type Instant } from './time';

export const HOLD_STATUSES = ['active', 'released', 'expired', 'converted'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/**
 * Seats held for a few minutes from the click, before anyone types a name: all of them on one
 * segment, for one owner. While `active` they occupy the segment exactly like tickets do.
 */
export interface Hold extends Segment {
  id: string;
  routeId: string;
  /** Ascending. */
  seatNumbers: number[];
  ownerId: string;
  status: HoldStatus;
  expiresAt: Instant;
  /** A hold is extended at most once. */
  extended: boolean;
  createdAt: Instant;
  updatedAt: Instant;
  /** Grows by one with every change; stores refuse a write based on a stale version. */
  version: number;
}

/** The contract's hold as clients see it: no owner, no version. */
export type HoldView = Pick<
  Hold,
  'id' | 'routeId' | 'seatNumbers' | 'fromStopIndex' | 'toStopIndex' | 'status' | 'expiresAt'
>;

export function toHoldView(hold: Hold): HoldView {
  return {
    id: hold.id,
    routeId: hold.routeId,
    seatNumbers: [...hold.seatNumbers],
    fromStopIndex: hold.fromStopIndex,
    toStopIndex: hold.toStopIndex,
    status: hold.status,
    expiresAt: hold.expiresAt,
  };
}

/** A hold after a rule accepted a request: the hold to save and its seat events. */
export interface HoldChange {
  hold: Hold;
  events: SeatEventDraft[];
  /** The status it was read with, for a write that finds it changed meanwhile. */
  from: HoldStatus;
}

/** What is asked of one hold, besides the hold: who asks, on which route, when. */
export interface HoldOccasion {
  actor: Actor;
  route: Pick<Route, 'id' | 'departureAt' | 'stopTimes' | 'stops' | 'price' | 'segmentPrices' | 'status'>;
  now: Instant;
}

/** Where a new hold goes, before its seats are known (they may be chosen by the server). */
export interface HoldPlan {
  actor: Actor;
  route: Route;
  segment: Segment;
  now: Instant;
}

/** The rules before any seat is chosen: the segment exists and has not departed. */
export function planHold(
  actor: Actor,
  route: Route,
  fromCity: string | undefined,
  toCity: string | undefined,
  now: Instant,
): Result<HoldPlan, DomainError> {
  const segment = resolveSegment(route, fromCity, toCity);
  if (segment.isErr()) return err(segment.error);
  const departure = checkOnSale(actor, route, segment.value, now);
  if (departure.isErr()) return err(departure.error);
  return ok({ actor, route, segment: segment.value, now });
}

/**
 * A new hold of `seatNumbers` (already checked: not empty, no duplicates, at most the group size):
 * every seat must exist on the bus. Whether they are free is the storage's atomic guarantee.
 */
export function placeHold(
  plan: HoldPlan,
  seatNumbers: readonly number[],
  id: string,
  holdSeconds: number,
): Result<HoldChange, ErrorOf<'seat_out_of_range'>> {
  const { route, now } = plan;
  const outside = seatNumbers.find((seat) => seat < 1 || seat > route.seatCount);
  if (outside !== undefined) return err(errors.seatOutOfRange(outside, route.seatCount));
  const hold: Hold = {
    id,
    routeId: route.id,
    seatNumbers: [...seatNumbers].sort((a, b) => a - b),
    ...plan.segment,
    ownerId: plan.actor.userId,
    status: 'active',
    expiresAt: addSeconds(now, holdSeconds),
    extended: false,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  return ok({ hold, events: holdEvents(hold, route, 'seat_held'), from: 'active' });
}

/** Who may see and act on a hold: its owner, agents and admins; anyone else learns nothing. */
export function mayAccessHold(actor: Actor, hold: Pick<Hold, 'ownerId'>): boolean {
  return isStaff(actor) || hold.ownerId === actor.userId;
}

/** Whether an active hold's time is over at `now`: it ran out, or its segment departed. */
export function holdOver(hold: Hold, route: Pick<Route, 'departureAt' | 'stopTimes'>, now: Instant): boolean {
  return isAtOrAfter(now, hold.expiresAt) || hasDeparted(route, hold, now);
}

/** One more `holdSeconds` from now, once, while the hold runs. */
export function extendHold(
  hold: Hold,
  { route, now }: HoldOccasion,
  holdSeconds: number,
): Result<HoldChange, DomainError> {
  const running = stillRunning(hold, route, now);
  if (running.isErr()) return err(running.error);
  if (hold.extended) return err(errors.holdNotExtendable(hold.id));
  return ok(changed(hold, { extended: true, expiresAt: addSeconds(now, holdSeconds) }, now));
}

/** The holder lets the seats go: `seat_released` (`released`) for each. Releasing twice is refused. */
export function releaseHold(hold: Hold, { route, now }: HoldOccasion): Result<HoldChange, DomainError> {
  if (hold.status !== 'active') return err(errors.seatHoldOver(hold.id, hold.status));
  return ok(ended(hold, 'released', route, now));
}

/** The sweep's rule: an active hold whose time is over frees its seats (`seat_released`, `hold_expired`). */
export function expireSeatHold(
  hold: Hold,
  route: HoldOccasion['route'],
  now: Instant,
): Result<HoldChange, ErrorOf<'invalid_transition'>> {
  if (hold.status !== 'active' || !holdOver(hold, route, now)) {
    return err(errors.invalidTransition(hold.status, 'expire', `Hold ${hold.id} still runs or has ended.`));
  }
  return ok(ended(hold, 'expired', route, now));
}

/**
 * Turning the hold into tickets: it must still run, and the passengers must take exactly its seats.
 * The hold is consumed without seat events: the tickets' own events say what the seats became.
 */
export function convertHold(
  hold: Hold,
  seatNumbers: readonly number[],
  { actor, route, now }: HoldOccasion,
): Result<HoldChange, DomainError> {
  const departure = checkOnSale(actor, route, hold, now);
  if (departure.isErr()) return err(departure.error);
  const running = stillRunning(hold, route, now);
  if (running.isErr()) return err(running.error);
  const asked = [...seatNumbers].sort((a, b) => a - b);
  const same = asked.length === hold.seatNumbers.length && asked.every((s, i) => s === hold.seatNumbers[i]);
  if (!same) return err(errors.holdMismatch(hold.id, hold.seatNumbers));
  return ok(changed(hold, { status: 'converted' }, now));
}

function stillRunning(
  hold: Hold,
  route: Pick<Route, 'departureAt' | 'stopTimes'>,
  now: Instant,
): Result<void, ErrorOf<'hold_expired'>> {
  if (hold.status !== 'active') return err(errors.seatHoldOver(hold.id, hold.status));
  if (holdOver(hold, route, now)) return err(errors.seatHoldOver(hold.id, 'expired'));
  return ok(undefined);
}

function ended(
  hold: Hold,
  status: 'released' | 'expired',
  route: HoldOccasion['route'],
  now: Instant,
): HoldChange {
  const reason: SeatFreedReason = status === 'released' ? 'released' : 'hold_expired';
  return { ...changed(hold, { status }, now), events: holdEvents(hold, route, 'seat_released', reason) };
}

/** The hold after a change (version + 1), with no seat events of its own. */
function changed(hold: Hold, update: Partial<Hold>, now: Instant): HoldChange {
  return {
    hold: { ...hold, ...update, updatedAt: now, version: hold.version + 1 },
    events: [],
    from: hold.status,
  };
}

/** One seat event per held seat, ascending; the hold's id stands where a ticket's would. */
export function holdEvents(
  hold: Hold,
  route: HoldOccasion['route'],
  eventType: Extract<SeatEventType, 'seat_held' | 'seat_released'>,
  reason?: SeatFreedReason,
): SeatEventDraft[] {
  const price = priceForSegment(route, hold);
  return hold.seatNumbers.map((seatNumber) => ({
    routeId: hold.routeId,
    seatNumber,
    eventType,
    ticketId: hold.id,
    fromStopIndex: hold.fromStopIndex,
    toStopIndex: hold.toStopIndex,
    metadata: {
      fromCity: route.stops[hold.fromStopIndex] as string,
      toCity: route.stops[hold.toStopIndex] as string,
      price,
      ...(reason ? { reason } : {}),
    },
  }));
}

/** Whether an active hold keeps `seatNumber` on a segment overlapping `segment`. */
export function holdOccupies(hold: Hold, seatNumber: number, segment: Segment): boolean {
  return hold.status === 'active' && hold.seatNumbers.includes(seatNumber) && segmentsOverlap(hold, segment);
}
