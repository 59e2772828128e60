import type { SeatMapEntryView } from '@booking/client';

/** How the seats of a row sit around the aisle (the route's `layout`). */
export type SeatLayout = '2+2' | '2+1' | '1+2';
export type SeatPlace = 'window' | 'aisle';

/** Seat columns left of the aisle, and in a whole row. */
export function rowShape(layout: SeatLayout): { beforeAisle: number; width: number } {
  if (layout === '2+1') return { beforeAisle: 2, width: 3 };
  if (layout === '1+2') return { beforeAisle: 1, width: 3 };
  return { beforeAisle: 2, width: 4 };
}

/** Window: the first or last column; aisle: beside the aisle. A lone seat by a window is a window seat. */
export function placeOf(layout: SeatLayout, column: number): SeatPlace | undefined {
  const { beforeAisle, width } = rowShape(layout);
  if (column === 1 || column === width) return 'window';
  if (column === beforeAisle || column === beforeAisle + 1) return 'aisle';
  return undefined;
}

/** The CSS grid column of a seat column: the aisle takes a column of its own. */
export const gridColumnOf = (layout: SeatLayout, column: number): number =>
  column > rowShape(layout).beforeAisle ? column + 1 : column;

/** One deck: its seats by row (from the front) and column, as the server places them. */
export interface Deck {
  deck: number;
  rows: { row: number; seats: SeatMapEntryView[] }[];
}

/** The seats by deck, then row, then column, all in ascending order. */
export function decksOf(seats: readonly SeatMapEntryView[]): Deck[] {
  const decks = new Map<number, Map<number, SeatMapEntryView[]>>();
  for (const seat of seats) {
    const rows = decks.get(seat.deck) ?? new Map<number, SeatMapEntryView[]>();
    decks.set(seat.deck, rows);
    rows.set(seat.row, [...(rows.get(seat.row) ?? []), seat]);
  }
  return [...decks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([deck, rows]) => ({
      deck,
      rows: [...rows.entries()]
        .sort(([a], [b]) => a - b)
        .map(([row, inRow]) => ({ row, seats: inRow.sort((a, b) => a.column - b.column) })),
    }));
}
