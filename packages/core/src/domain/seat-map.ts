import { segmentsOverlap, type Route, type Segment } from './route';
import type { Gender, OccupyingStatus, Ticket } from './ticket';
import { isOccupying } from './ticket';

export type SeatStatus = 'available' | OccupyingStatus;

export interface SeatMapEntry {
  seatNumber: number;
  status: SeatStatus;
  gender?: Gender;
}

/**
 * The contract's seat map: what each seat looks like on one segment, as of `sequence`. It also says
 * which segment it describes, so a client can apply later `seat_update`s to it exactly.
 */
export interface SeatMap extends Segment {
  routeId: string;
  sequence: number;
  seats: SeatMapEntry[];
}

/** When tickets on different parts of a segment disagree, the seat shows the firmest of them. */
const FIRMNESS: Record<OccupyingStatus, number> = { reserved: 1, suspended: 2, confirmed: 3 };

export function buildSeatMap(
  route: Pick<Route, 'id' | 'seatCount'>,
  segment: Segment,
  tickets: readonly Ticket[],
  sequence: number,
): SeatMap {
  const holders = new Map<number, Ticket>();
  for (const ticket of tickets) {
    if (ticket.routeId !== route.id || !isOccupying(ticket.status) || !segmentsOverlap(ticket, segment))
      continue;
    const current = holders.get(ticket.seatNumber);
    if (!current || FIRMNESS[ticket.status] > FIRMNESS[current.status as OccupyingStatus]) {
      holders.set(ticket.seatNumber, ticket);
    }
  }
  const seats: SeatMapEntry[] = [];
  for (let seatNumber = 1; seatNumber <= route.seatCount; seatNumber++) {
    const holder = holders.get(seatNumber);
    seats.push(
      holder
        ? { seatNumber, status: holder.status as OccupyingStatus, gender: holder.gender }
        : { seatNumber, status: 'available' },
    );
  }
  return { routeId: route.id, sequence, ...segment, seats };
}

/** Seats with no occupying ticket anywhere on the segment. */
export function freeSeats(map: SeatMap): number[] {
  return map.seats.filter((s) => s.status === 'available').map((s) => s.seatNumber);
}
