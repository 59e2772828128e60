/** Where a seat sits in its deck's grid. */
export interface GridPlace {
  seatNumber: number;
  row: number;
  column: number;
}

/** The keys that move focus in a seat grid (the ARIA grid pattern). */
export type GridKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

export const isGridKey = (key: string): key is GridKey =>
  ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(key);

const byPlace = (a: GridPlace, b: GridPlace) => a.row - b.row || a.column - b.column;

/**
 * The seat focus moves to from `from` on a key, or `from` itself at an edge (focus never wraps).
 * Left and right go to the next seat in the row, across the aisle; up and down to the nearest row
 * that has seats, at the closest column; Home and End to the row's first and last seat, or with
 * Ctrl the deck's first and last seat.
 */
export function nextSeat(
  places: readonly GridPlace[],
  from: GridPlace,
  key: GridKey,
  ctrl = false,
): GridPlace {
  const sorted = [...places].sort(byPlace);
  const row = sorted.filter((p) => p.row === from.row);
  switch (key) {
    case 'ArrowRight':
      return row.find((p) => p.column > from.column) ?? from;
    case 'ArrowLeft':
      return row.filter((p) => p.column < from.column).pop() ?? from;
    case 'Home':
      return (ctrl ? sorted[0] : row[0]) ?? from;
    case 'End':
      return (ctrl ? sorted.at(-1) : row.at(-1)) ?? from;
    case 'ArrowUp':
    case 'ArrowDown': {
      const down = key === 'ArrowDown';
      const rows = sorted.filter((p) => (down ? p.row > from.row : p.row < from.row)).map((p) => p.row);
      const target = down ? Math.min(...rows) : Math.max(...rows);
      const candidates = sorted.filter((p) => p.row === target);
      const closest = (p: GridPlace) => Math.abs(p.column - from.column);
      return (
        candidates.reduce<GridPlace | undefined>(
          (best, p) => (best === undefined || closest(p) < closest(best) ? p : best),
          undefined,
        ) ?? from
      );
    }
  }
}
