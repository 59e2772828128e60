/** How the seats of a row sit around the aisle, seen from the back of the bus. */
export const SEAT_LAYOUTS = ['2+2', '2+1', '1+2'] as const;
export type SeatLayout = (typeof SEAT_LAYOUTS)[number];

export const DECK_COUNTS = [1, 2] as const;
export type DeckCount = (typeof DECK_COUNTS)[number];

/** Where a seat is in the bus: deck 1 is the lower (or only) deck; rows and columns count from 1. */
export interface SeatPosition {
  deck: number;
  row: number;
  column: number;
}

/** The bus shape a seat number is placed in. */
export interface BusShape {
  seatCount: number;
  layout: SeatLayout;
  decks?: DeckCount;
}

/**
 * Seats per row and where the aisle falls: `groups` lists the columns on each side of the aisle.
 * Seats side by side in one group are a "row pair" (the gender adjacency rule looks there).
 */
const SHAPES: Record<SeatLayout, { width: number; groups: number[][] }> = {
  '2+2': {
    width: 4,
    groups: [
      [1, 2],
      [3, 4],
    ],
  },
  '2+1': { width: 3, groups: [[1, 2], [3]] },
  '1+2': { width: 3, groups: [[1], [2, 3]] },
};

/** Column numbers on the left of the aisle (the aisle comes after the last of them). */
export function columnsBeforeAisle(layout: SeatLayout): number {
  return (SHAPES[layout].groups[0] as number[]).length;
}

export function seatsPerRow(layout: SeatLayout): number {
  return SHAPES[layout].width;
}

/** How many seats the lower deck holds: all of them on one deck, the first half (rounded up) on two. */
export function lowerDeckSeats(bus: BusShape): number {
  return (bus.decks ?? 1) === 2 ? Math.ceil(bus.seatCount / 2) : bus.seatCount;
}

/**
 * The numbering rule: seats are numbered from the front, row by row, left to right as a passenger
 * facing forward sees them. With two decks the lower deck holds seats 1..ceil(seatCount / 2) and the
 * upper deck the rest, each deck starting again at row 1. The last row of a deck may be short.
 */
export function seatPosition(bus: BusShape, seatNumber: number): SeatPosition {
  const lower = lowerDeckSeats(bus);
  const deck = seatNumber > lower ? 2 : 1;
  const index = deck === 1 ? seatNumber - 1 : seatNumber - lower - 1;
  const width = seatsPerRow(bus.layout);
  return { deck, row: Math.floor(index / width) + 1, column: (index % width) + 1 };
}

/** The seat at a position, if the bus has one there. */
function seatAt(bus: BusShape, position: SeatPosition): number | undefined {
  const width = seatsPerRow(bus.layout);
  const first = position.deck === 1 ? 1 : lowerDeckSeats(bus) + 1;
  const last = position.deck === 1 ? lowerDeckSeats(bus) : bus.seatCount;
  const seat = first + (position.row - 1) * width + (position.column - 1);
  return seat >= first && seat <= last ? seat : undefined;
}

/** The other seats of a seat's row pair: same deck, same row, same side of the aisle. */
export function rowPartners(bus: BusShape, seatNumber: number): number[] {
  const position = seatPosition(bus, seatNumber);
  const group = SHAPES[bus.layout].groups.find((g) => g.includes(position.column)) ?? [];
  return group
    .filter((column) => column !== position.column)
    .map((column) => seatAt(bus, { ...position, column }))
    .filter((seat): seat is number => seat !== undefined);
}
