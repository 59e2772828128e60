import { describe, expect, it } from '@jest/globals';
import { columnsBeforeAisle, lowerDeckSeats, rowPartners, seatPosition, type BusShape } from './seat-layout';

const positions = (bus: BusShape) =>
  Array.from({ length: bus.seatCount }, (_, i) => {
    const p = seatPosition(bus, i + 1);
    return `${p.deck}:${p.row}.${p.column}`;
  });

describe('seat layouts', () => {
  it('numbers a 2+2 bus row by row, four seats a row, left to right', () => {
    expect(positions({ seatCount: 9, layout: '2+2' })).toEqual([
      '1:1.1', '1:1.2', '1:1.3', '1:1.4',
      '1:2.1', '1:2.2', '1:2.3', '1:2.4',
      '1:3.1',
    ]); // prettier-ignore
  });

  it('numbers 2+1 and 1+2 buses three seats a row, with the aisle on different sides', () => {
    expect(positions({ seatCount: 4, layout: '2+1' })).toEqual(['1:1.1', '1:1.2', '1:1.3', '1:2.1']);
    expect(columnsBeforeAisle('2+1')).toBe(2);
    expect(columnsBeforeAisle('1+2')).toBe(1);
    expect(columnsBeforeAisle('2+2')).toBe(2);
  });

  it('puts the first half (rounded up) on the lower deck of a double-decker, each deck from row 1', () => {
    const bus: BusShape = { seatCount: 11, layout: '2+2', decks: 2 };
    expect(lowerDeckSeats(bus)).toBe(6);
    expect(seatPosition(bus, 6)).toEqual({ deck: 1, row: 2, column: 2 });
    expect(seatPosition(bus, 7)).toEqual({ deck: 2, row: 1, column: 1 });
    expect(seatPosition(bus, 11)).toEqual({ deck: 2, row: 2, column: 1 });
  });

  it('pairs seats side by side on one side of the aisle', () => {
    const twoTwo: BusShape = { seatCount: 10, layout: '2+2' };
    expect([1, 2, 3, 4, 5, 9, 10].map((s) => rowPartners(twoTwo, s))).toEqual([
      [2], [1], [4], [3], [6], [10], [9],
    ]); // prettier-ignore
    const twoOne: BusShape = { seatCount: 6, layout: '2+1' };
    expect([1, 2, 3, 4].map((s) => rowPartners(twoOne, s))).toEqual([[2], [1], [], [5]]);
    const oneTwo: BusShape = { seatCount: 6, layout: '1+2' };
    expect([1, 2, 3].map((s) => rowPartners(oneTwo, s))).toEqual([[], [3], [2]]);
  });

  it('never pairs across decks or with a seat the short last row does not have', () => {
    const bus: BusShape = { seatCount: 6, layout: '2+2', decks: 2 };
    // lower deck: seats 1-3 (row 1: 1,2 | 3); upper deck: 4-6
    expect(rowPartners(bus, 3)).toEqual([]);
    expect(rowPartners(bus, 4)).toEqual([5]);
    expect(rowPartners(bus, 6)).toEqual([]);
  });
});
