import { describe, expect, it } from '@jest/globals';
import { sampleRoute } from '../testing/fixtures';
import type { Actor } from './actor';
import { book, bySeat, type NewBooking } from './booking';

const customer: Actor = { userId: 'customer-1', role: 'customer' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };
const route = sampleRoute({
  stops: ['A', 'B', 'C'],
  seatCount: 8,
  price: 30,
  segmentPrices: [{ fromStopIndex: 1, toStopIndex: 2, price: 12.5 }],
  departureAt: '2030-01-01T09:00:00.000Z',
});
const NOW = '2030-01-01T08:00:00.000Z';
const request = (overrides: Partial<NewBooking> = {}): NewBooking => ({
  actor: customer,
  route,
  passengers: [
    { seatNumber: 6, passengerName: 'Ada', gender: 'female', phone: '+90 555' },
    { seatNumber: 2, passengerName: 'Alan', gender: 'male' },
  ],
  now: NOW,
  holdSeconds: 600,
  pnrNumber: 'PNR1234567',
  ticketIds: ['t-6', 't-2'],
  ...overrides,
});

describe('creating tickets (book)', () => {
  it("holds a customer's seats for payment, one seat_reserved per seat in ascending order", () => {
    const booked = book(request({ fromCity: 'B' }))._unsafeUnwrap();
    expect(booked.tickets).toEqual([
      expect.objectContaining({
        id: 't-6',
        pnrNumber: 'PNR1234567',
        seatNumber: 6,
        fromCity: 'B',
        toCity: 'C',
        fromStopIndex: 1,
        toStopIndex: 2,
        phone: '+90 555',
        price: 12.5,
        status: 'reserved',
        holdExpiresAt: '2030-01-01T08:10:00.000Z',
        createdAt: NOW,
        updatedAt: NOW,
        ownerId: 'customer-1',
        issuedBy: 'customer',
        exchangedFromId: null,
        exchangedToId: null,
        version: 1,
      }),
      expect.objectContaining({ id: 't-2', seatNumber: 2, phone: null }),
    ]);
    expect(booked.events.map((e) => [e.seatNumber, e.eventType])).toEqual([
      [2, 'seat_reserved'],
      [6, 'seat_reserved'],
    ]);
    expect(booked.segment).toEqual({ fromStopIndex: 1, toStopIndex: 2 });
    expect(booked.passengers).toEqual([
      { seatNumber: 6, gender: 'female' },
      { seatNumber: 2, gender: 'male' },
    ]);
  });

  it('sells at the counter: confirmed at once, no hold, seat_confirmed', () => {
    const booked = book(request({ actor: agent }))._unsafeUnwrap();
    expect(booked.tickets.map((t) => [t.status, t.holdExpiresAt, t.price, t.issuedBy])).toEqual([
      ['confirmed', null, 30, 'agent'],
      ['confirmed', null, 30, 'agent'],
    ]);
    expect(booked.events.map((e) => e.eventType)).toEqual(['seat_confirmed', 'seat_confirmed']);
  });

  it('refuses, in this order: a segment the route lacks, a departed bus, a seat the bus lacks', () => {
    const kind = (overrides: Partial<NewBooking>) => book(request(overrides))._unsafeUnwrapErr().kind;
    const outside = [{ seatNumber: 9, passengerName: 'X', gender: 'other' as const }];
    expect(kind({ fromCity: 'C', toCity: 'A', now: route.departureAt })).toBe('invalid_segment');
    expect(kind({ passengers: outside, now: route.departureAt, actor: agent })).toBe('route_departed');
    expect(book(request({ passengers: outside }))._unsafeUnwrapErr()).toMatchObject({
      kind: 'seat_out_of_range',
      seatNumber: 9,
      seatCount: 8,
    });
    expect(kind({ passengers: [{ ...outside[0]!, seatNumber: 0 }] })).toBe('seat_out_of_range');
  });

  it('orders by seat without changing its input', () => {
    const seats = [{ seatNumber: 3 }, { seatNumber: 1 }, { seatNumber: 2 }];
    expect(bySeat(seats).map((s) => s.seatNumber)).toEqual([1, 2, 3]);
    expect(seats.map((s) => s.seatNumber)).toEqual([3, 1, 2]);
  });
});
