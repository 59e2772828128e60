import { describe, expect, it } from '@jest/globals';
import type { SeatMapEntryView } from '@booking/client';
import { decksOf, gridColumnOf, placeOf } from './layout';
import { segmentPrice, type RouteInfo } from './route';

describe('where a seat sits', () => {
  it('names window and aisle seats for each layout', () => {
    expect([1, 2, 3, 4].map((c) => placeOf('2+2', c))).toEqual(['window', 'aisle', 'aisle', 'window']);
    expect([1, 2, 3].map((c) => placeOf('2+1', c))).toEqual(['window', 'aisle', 'window']);
    expect([1, 2, 3].map((c) => placeOf('1+2', c))).toEqual(['window', 'aisle', 'window']);
  });

  it('draws the aisle as a column of its own', () => {
    expect([1, 2, 3, 4].map((c) => gridColumnOf('2+2', c))).toEqual([1, 2, 4, 5]);
    expect([1, 2, 3].map((c) => gridColumnOf('1+2', c))).toEqual([1, 3, 4]);
  });

  it('groups seats by deck and row, in order, whatever order the server sent them in', () => {
    const seat = (seatNumber: number, deck: number, row: number, column: number): SeatMapEntryView => ({
      seatNumber,
      status: 'available',
      deck,
      row,
      column,
    });
    const decks = decksOf([seat(4, 2, 1, 1), seat(2, 1, 1, 2), seat(3, 1, 2, 1), seat(1, 1, 1, 1)]);
    expect(decks.map((d) => [d.deck, d.rows.map((r) => [r.row, r.seats.map((s) => s.seatNumber)])])).toEqual([
      [
        1,
        [
          [1, [1, 2]],
          [2, [3]],
        ],
      ],
      [2, [[1, [4]]]],
    ]);
  });
});

describe('the price of a seat on a segment', () => {
  const route: RouteInfo = {
    id: 'r',
    fromCity: 'Istanbul',
    toCity: 'Ankara',
    stops: ['Istanbul', 'Izmit', 'Ankara'],
    departureAt: '2030-01-01T09:00:00Z',
    price: 450,
    layout: '2+2',
    segmentPrices: [{ fromCity: 'Izmit', toCity: 'Ankara', price: 300.5 }],
  };

  it('is the segment price for that exact segment, else the route price', () => {
    expect(segmentPrice(route, 'Izmit', 'Ankara')).toBe(300.5);
    expect(segmentPrice(route, 'Istanbul', 'Izmit')).toBe(450);
    expect(segmentPrice(route)).toBe(450);
    expect(
      segmentPrice({ ...route, segmentPrices: [{ fromCity: 'Istanbul', toCity: 'Ankara', price: 400 }] }),
    ).toBe(400);
  });
});
