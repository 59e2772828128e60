import { describe, expect, it } from '@jest/globals';
import { sampleHold, sampleRoute, sampleTicket } from '../testing/fixtures';
import { buildSeatMap, freeSeats } from './seat-map';
import type { TicketStatus } from './ticket';

// Stops A B C D E (indexes 0..4), four seats.
const route = sampleRoute({ seatCount: 4 });
const on = (seatNumber: number, from: number, to: number, status: TicketStatus, gender = 'female' as const) =>
  sampleTicket(route, { seatNumber, fromStopIndex: from, toStopIndex: to, status, gender });

describe('buildSeatMap', () => {
  it('lists every seat 1..seatCount, all available on an empty bus, with the given sequence', () => {
    const map = buildSeatMap(route, { fromStopIndex: 0, toStopIndex: 4 }, [], 17);
    expect(map).toEqual({
      routeId: route.id,
      sequence: 17,
      fromStopIndex: 0,
      toStopIndex: 4,
      seats: [1, 2, 3, 4].map((seatNumber) => ({
        seatNumber,
        status: 'available',
        deck: 1,
        row: 1,
        column: seatNumber,
      })),
    });
    expect(freeSeats(map)).toEqual([1, 2, 3, 4]);
  });

  it('shows an occupying ticket with its status and gender only where its segment overlaps', () => {
    const tickets = [
      on(1, 0, 2, 'reserved', 'male' as never),
      on(2, 2, 4, 'confirmed'),
      on(3, 1, 3, 'suspended'),
    ];
    const firstHalf = buildSeatMap(route, { fromStopIndex: 0, toStopIndex: 2 }, tickets, 3);
    const at = (column: number) => ({ deck: 1, row: 1, column });
    expect(firstHalf.seats).toEqual([
      { seatNumber: 1, status: 'reserved', gender: 'male', ...at(1) },
      { seatNumber: 2, status: 'available', ...at(2) },
      { seatNumber: 3, status: 'suspended', gender: 'female', ...at(3) },
      { seatNumber: 4, status: 'available', ...at(4) },
    ]);
    // Half-open segments: a ticket ending at C does not hold the seat from C on.
    const secondHalf = buildSeatMap(route, { fromStopIndex: 2, toStopIndex: 4 }, tickets, 3);
    expect(secondHalf.seats.map((s) => s.status)).toEqual([
      'available',
      'confirmed',
      'suspended',
      'available',
    ]);
    expect(freeSeats(secondHalf)).toEqual([1, 4]);
  });

  it('ignores cancelled and expired tickets and tickets of other routes', () => {
    const other = sampleTicket(sampleRoute(), { seatNumber: 1, status: 'confirmed' });
    const map = buildSeatMap(
      route,
      { fromStopIndex: 0, toStopIndex: 4 },
      [on(1, 0, 4, 'cancelled'), on(2, 0, 4, 'expired'), other],
      0,
    );
    expect(freeSeats(map)).toEqual([1, 2, 3, 4]);
  });

  it('shows the firmest status when several tickets hold one seat on parts of the segment', () => {
    const tickets = [on(1, 0, 1, 'reserved'), on(1, 1, 2, 'confirmed'), on(1, 2, 3, 'suspended')];
    const whole = buildSeatMap(route, { fromStopIndex: 0, toStopIndex: 4 }, tickets, 0);
    expect(whole.seats[0]).toEqual({
      seatNumber: 1,
      status: 'confirmed',
      gender: 'female',
      deck: 1,
      row: 1,
      column: 1,
    });
    const reversed = buildSeatMap(route, { fromStopIndex: 0, toStopIndex: 4 }, [...tickets].reverse(), 0);
    expect(reversed.seats[0]?.status).toBe('confirmed');
    const firstLeg = buildSeatMap(route, { fromStopIndex: 0, toStopIndex: 1 }, tickets, 0);
    expect(firstLeg.seats[0]?.status).toBe('reserved');
  });

  it("places each seat by the route's layout and decks", () => {
    const coach = sampleRoute({ seatCount: 7, layout: '2+1', decks: 2 });
    const map = buildSeatMap(coach, { fromStopIndex: 0, toStopIndex: 4 }, [], 0);
    expect(map.seats.map((s) => [s.seatNumber, s.deck, s.row, s.column])).toEqual([
      [1, 1, 1, 1],
      [2, 1, 1, 2],
      [3, 1, 1, 3],
      [4, 1, 2, 1],
      [5, 2, 1, 1],
      [6, 2, 1, 2],
      [7, 2, 1, 3],
    ]);
  });

  it('places seats as a 2+2 bus of one deck when the route names no layout', () => {
    const bare = { id: route.id, seatCount: 5 };
    const map = buildSeatMap(bare, { fromStopIndex: 0, toStopIndex: 4 }, [], 0);
    expect(map.seats.map((s) => [s.deck, s.row, s.column])).toEqual([
      [1, 1, 1],
      [1, 1, 2],
      [1, 1, 3],
      [1, 1, 4],
      [1, 2, 1],
    ]);
  });

  it('shows a seat that only an active hold of this route keeps on the segment as held', () => {
    const holds = [
      sampleHold(route, { seatNumbers: [1, 2], fromStopIndex: 0, toStopIndex: 2 }),
      sampleHold(route, { seatNumbers: [3], status: 'released' }),
      sampleHold(sampleRoute(), { seatNumbers: [4] }),
    ];
    const tickets = [on(2, 0, 4, 'confirmed')];
    const firstHalf = buildSeatMap(route, { fromStopIndex: 0, toStopIndex: 2 }, tickets, 0, holds);
    expect(firstHalf.seats.map((s) => s.status)).toEqual(['held', 'confirmed', 'available', 'available']);
    expect(freeSeats(firstHalf)).toEqual([3, 4]);
    const secondHalf = buildSeatMap(route, { fromStopIndex: 2, toStopIndex: 4 }, tickets, 0, holds);
    expect(secondHalf.seats.map((s) => s.status)).toEqual([
      'available',
      'confirmed',
      'available',
      'available',
    ]);
  });
});
