import { holdOccupies, type Hold } from './hold';
import { segmentsOverlap, type Route, type Segment } from './route';
import { routeUpdateDraft, type RouteUpdateDraft } from './route-event';
import { seatPosition, type SeatPosition } from './seat-layout';
import type { Gender, OccupyingStatus, Ticket } from './ticket';
import { isOccupying } from './ticket';

/** `held`: a seat hold keeps the seat for a few minutes while its holder types the names. */
export type SeatStatus = 'available' | 'held' | OccupyingStatus;

/** Why a given passenger may not take a seat that is otherwise free (a seat policy's verdict). */
export interface SeatBlock {
  /** The policy's name, e.g. `gender_adjacency`. */
  rule: string;
  message: string;
}

/**
 * One seat: its status on the segment, the holder's gender, and where it is in the bus. The core
 * always fills `deck`, `row` and `column`; they are optional in the type so that code which builds
 * entries itself (e.g. a client applying updates to a snapshot) keeps compiling.
 */
export interface SeatMapEntry extends Partial<SeatPosition> {
  seatNumber: number;
  status: SeatStatus;
  gender?: Gender;
  /** Present only when the map was asked for one passenger (e.g. `?gender=`) and a rule refuses them this seat. */
  blocked?: SeatBlock;
}

/**
 * The contract's seat map: what each seat looks like on one segment, as of `sequence`. It also says
 * which segment it describes, so a client can apply later `seat_update`s to it exactly.
 */
export interface SeatMap extends Segment {
  routeId: string;
  sequence: number;
  seats: SeatMapEntry[];
  /**
   * The departure as of `sequence` or later (`RouteService.seatMap` always tells it): a client starts
   * from it and lets each later `route_update` replace it.
   */
  departure?: DepartureState;
}

/** A departure as a seat map and each `route_update` tell it: its status, times and a cancellation's reason. */
export type DepartureState = Omit<RouteUpdateDraft, 'routeId' | 'eventType'>;

export function departureState(route: Route): DepartureState {
  const { routeId: _routeId, eventType: _eventType, ...state } = routeUpdateDraft(route);
  return state;
}

/** When tickets on different parts of a segment disagree, the seat shows the firmest of them. */
const FIRMNESS: Record<OccupyingStatus, number> = { reserved: 1, suspended: 2, confirmed: 3 };

/** Tickets decide a seat's status; a seat that only active holds keep on the segment shows `held`. */
export function buildSeatMap(
  route: Pick<Route, 'id' | 'seatCount'> & Partial<Pick<Route, 'layout' | 'decks'>>,
  segment: Segment,
  tickets: readonly Ticket[],
  sequence: number,
  holds: readonly Hold[] = [],
): SeatMap {
  const held = new Set(
    holds
      .filter((hold) => hold.routeId === route.id)
      .flatMap((hold) => hold.seatNumbers.filter((seat) => holdOccupies(hold, seat, segment))),
  );
  const holders = new Map<number, Ticket>();
  for (const ticket of tickets) {
    if (ticket.routeId !== route.id || !isOccupying(ticket.status) || !segmentsOverlap(ticket, segment))
      continue;
    const current = holders.get(ticket.seatNumber);
    if (!current || FIRMNESS[ticket.status] > FIRMNESS[current.status as OccupyingStatus]) {
      holders.set(ticket.seatNumber, ticket);
    }
  }
  const bus = { seatCount: route.seatCount, layout: route.layout ?? '2+2', decks: route.decks ?? 1 };
  const seats: SeatMapEntry[] = [];
  for (let seatNumber = 1; seatNumber <= route.seatCount; seatNumber++) {
    const holder = holders.get(seatNumber);
    const position = seatPosition(bus, seatNumber);
    seats.push(
      holder
        ? { seatNumber, status: holder.status as OccupyingStatus, gender: holder.gender, ...position }
        : { seatNumber, status: held.has(seatNumber) ? 'held' : 'available', ...position },
    );
  }
  return { routeId: route.id, sequence, ...segment, seats };
}

/** Seats with no occupying ticket anywhere on the segment. */
export function freeSeats(map: SeatMap): number[] {
  return map.seats.filter((s) => s.status === 'available').map((s) => s.seatNumber);
}
