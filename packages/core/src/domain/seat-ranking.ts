import { columnsBeforeAisle, seatsPerRow, type BusShape, type SeatPosition } from './seat-layout';

/** A seat free for the whole requested segment, with what the ranking reads. */
export interface Candidate {
  seat: number;
  position: SeatPosition;
  /** On the asked position (window or aisle), or no position was asked. */
  preferred: boolean;
  /** Free legs just before and after the segment: fewer is a tighter fit. */
  spare: number;
}

/** Preferred position first, then the tightest fit, then the lowest seat number. */
export function byRank(a: Candidate, b: Candidate): number {
  return Number(b.preferred) - Number(a.preferred) || a.spare - b.spare || a.seat - b.seat;
}

export function bestSeats(candidates: readonly Candidate[], quantity: number): Candidate[] {
  return [...candidates].sort(byRank).slice(0, quantity);
}

/** How closely a set of seats sits together: lower is closer. */
const SAME_SIDE = 0;
const ACROSS_AISLE = 1;
const CONSECUTIVE_ROWS = 2;

interface Option {
  closeness: number;
  seats: Candidate[];
}

/** The best set of `quantity` seats that sit together, or undefined when the bus has none. */
export function togetherChoice(
  bus: BusShape,
  candidates: readonly Candidate[],
  quantity: number,
): Candidate[] | undefined {
  const rows = byRow(candidates);
  const options = [...oneRowOptions(bus, rows, quantity), ...consecutiveRowOptions(bus, rows, quantity)];
  return options.sort(byOptionRank)[0]?.seats;
}

/** Closest first; then most seats on the asked position, the tightest total fit, the lowest seats. */
function byOptionRank(a: Option, b: Option): number {
  return (
    a.closeness - b.closeness ||
    count(b.seats, (c) => c.preferred) - count(a.seats, (c) => c.preferred) ||
    sum(a.seats, (c) => c.spare) - sum(b.seats, (c) => c.spare) ||
    compareSeatNumbers(a.seats, b.seats)
  );
}

const rowKey = (deck: number, row: number) => `${deck}:${row}`;

/** The candidates of each row of each deck. */
function byRow(candidates: readonly Candidate[]): Map<string, Candidate[]> {
  const rows = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = rowKey(c.position.deck, c.position.row);
    rows.set(key, [...(rows.get(key) ?? []), c]);
  }
  return rows;
}

/** Runs of adjacent columns in one row: on one side of the aisle, or across it. */
function oneRowOptions(bus: BusShape, rows: Map<string, Candidate[]>, quantity: number): Option[] {
  const aisle = columnsBeforeAisle(bus.layout);
  const options: Option[] = [];
  for (const row of rows.values()) {
    const byColumn = new Map(row.map((c) => [c.position.column, c]));
    for (let first = 1; first + quantity - 1 <= seatsPerRow(bus.layout); first += 1) {
      const last = first + quantity - 1;
      const seats = range(first, last).map((column) => byColumn.get(column));
      if (!seats.every((c) => c !== undefined)) continue;
      options.push({ closeness: last <= aisle || first > aisle ? SAME_SIDE : ACROSS_AISLE, seats });
    }
  }
  return options;
}

/** As few consecutive rows of one deck as can seat the group (at least two), none of them skipped. */
function consecutiveRowOptions(bus: BusShape, rows: Map<string, Candidate[]>, quantity: number): Option[] {
  const span = Math.max(2, Math.ceil(quantity / seatsPerRow(bus.layout)));
  const options: Option[] = [];
  for (const row of rows.values()) {
    const { deck, row: first } = (row[0] as Candidate).position;
    const window = range(first, first + span - 1).map((r) => rows.get(rowKey(deck, r)));
    if (!window.every((seats) => seats !== undefined)) continue;
    const seats = pickAcross(window, quantity);
    if (seats) options.push({ closeness: CONSECUTIVE_ROWS, seats });
  }
  return options;
}

/** The best seat of every row (so the group really spans them all), then the best of the rest. */
function pickAcross(window: Candidate[][], quantity: number): Candidate[] | undefined {
  const all = window.flat();
  if (all.length < quantity) return undefined;
  const firsts = window.map((row) => bestSeats(row, 1)[0] as Candidate);
  const rest = all.filter((c) => !firsts.includes(c));
  return [...firsts, ...bestSeats(rest, quantity - firsts.length)];
}

/** The whole numbers from `first` to `last`, both included. */
function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function count<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.filter(test).length;
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

/** Lexicographic on the ascending seat numbers: the set that starts lower comes first. */
function compareSeatNumbers(a: readonly Candidate[], b: readonly Candidate[]): number {
  const left = a.map((c) => c.seat).sort((x, y) => x - y);
  const right = b.map((c) => c.seat).sort((x, y) => x - y);
  const differs = left.findIndex((seat, i) => seat !== right[i]);
  return differs < 0 ? 0 : (left[differs] as number) - (right[differs] as number);
}
