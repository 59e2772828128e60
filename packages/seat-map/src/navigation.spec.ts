import { describe, expect, it } from '@jest/globals';
import { nextSeat, type GridPlace } from './navigation';

/** A 2+2 deck of 10 seats: rows of four, the last row short (seats 9 and 10 in columns 1 and 2). */
const deck: GridPlace[] = Array.from({ length: 10 }, (_, i) => ({
  seatNumber: i + 1,
  row: Math.floor(i / 4) + 1,
  column: (i % 4) + 1,
}));
const at = (seatNumber: number) => deck.find((p) => p.seatNumber === seatNumber)!;
const move = (from: number, key: Parameters<typeof nextSeat>[2], ctrl = false) =>
  nextSeat(deck, at(from), key, ctrl).seatNumber;

describe('moving through a seat grid with the keyboard', () => {
  it('goes left and right along the row, across the aisle, and stops at its ends', () => {
    expect(move(2, 'ArrowRight')).toBe(3);
    expect(move(3, 'ArrowLeft')).toBe(2);
    expect(move(4, 'ArrowRight')).toBe(4);
    expect(move(5, 'ArrowLeft')).toBe(5);
  });

  it('goes up and down a column, and to the closest seat of a shorter row', () => {
    expect(move(2, 'ArrowDown')).toBe(6);
    expect(move(6, 'ArrowUp')).toBe(2);
    expect(move(8, 'ArrowDown')).toBe(10);
    expect(move(9, 'ArrowDown')).toBe(9);
    expect(move(1, 'ArrowUp')).toBe(1);
  });

  it('goes to the first and last seat of the row, or of the deck with Ctrl', () => {
    expect(move(7, 'Home')).toBe(5);
    expect(move(6, 'End')).toBe(8);
    expect(move(7, 'Home', true)).toBe(1);
    expect(move(2, 'End', true)).toBe(10);
  });

  it('skips a gap in a row (a seat the server does not place there)', () => {
    const gappy = deck.filter((p) => p.seatNumber !== 6);
    expect(nextSeat(gappy, at(5), 'ArrowRight').seatNumber).toBe(7);
    expect(nextSeat(gappy, at(2), 'ArrowDown').seatNumber).toBe(5);
  });
});
