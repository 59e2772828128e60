import { describe, expect, it } from '@jest/globals';
import type { RouteUpdate, SeatMapView, SeatUpdate } from '@booking/protocol';
import { SeatMapState } from './seat-map-state';

const routeId = 'r1';
/** Where a seat is in a one-deck 2+2 bus (the server sends each seat's place). */
const place = (seatNumber: number) => ({ seatNumber, deck: 1, row: 1, column: seatNumber });
const snapshot = (overrides: Partial<SeatMapView> = {}): SeatMapView => ({
  routeId,
  sequence: 2,
  fromStopIndex: 0,
  toStopIndex: 4,
  seats: [
    { ...place(1), status: 'reserved', gender: 'female' },
    { ...place(2), status: 'available' },
    { ...place(3), status: 'confirmed', gender: 'male' },
  ],
  departure: { status: 'scheduled', departureAt: '2030-01-01T09:00:00.000Z' },
  ...overrides,
});

const routeUpdate = (sequence: number, change: Partial<RouteUpdate> = {}): RouteUpdate => ({
  routeId,
  eventType: 'route_update',
  status: 'scheduled',
  departureAt: '2030-01-01T09:00:00.000Z',
  sequence,
  timestamp: '2030-01-01T08:00:00.000Z',
  ...change,
});

let ticket = 0;
const update = (
  sequence: number,
  seatNumber: number,
  eventType: SeatUpdate['eventType'],
  from = 0,
  to = 4,
  ticketId = `t${++ticket}`,
): SeatUpdate => ({
  routeId,
  seatNumber,
  eventType,
  ticketId,
  sequence,
  timestamp: '2030-01-01T08:00:00.000Z',
  fromStopIndex: from,
  toStopIndex: to,
  metadata:
    eventType === 'seat_held' || eventType === 'seat_released'
      ? {
          fromCity: 'A',
          toCity: 'E',
          price: 10,
          ...(eventType === 'seat_released' ? { reason: 'released' } : {}),
        }
      : { fromCity: 'A', toCity: 'E', price: 10, gender: 'other' },
});

describe('SeatMapState', () => {
  it('starts from the snapshot', () => {
    const state = new SeatMapState(routeId);
    state.load(snapshot());
    expect(state.snapshot()).toEqual(snapshot());
  });

  it('applies events in sequence order and drops duplicates', () => {
    const state = new SeatMapState(routeId);
    state.load(snapshot());
    expect(state.apply(update(3, 2, 'seat_reserved'))).toBe('applied');
    expect(state.apply(update(3, 2, 'seat_cancelled'))).toBe('duplicate');
    expect(state.apply(update(2, 2, 'seat_cancelled'))).toBe('duplicate');
    expect(state.seats()[1]).toEqual({ ...place(2), status: 'reserved', gender: 'other' });
    expect(state.sequence).toBe(3);
  });

  it('reports a gap and applies nothing past it', () => {
    const state = new SeatMapState(routeId);
    state.load(snapshot());
    expect(state.apply(update(4, 2, 'seat_reserved'))).toBe('gap');
    expect(state.seats()[1]?.status).toBe('available');
    expect(state.sequence).toBe(2);
  });

  it('frees a seat held by a ticket spanning the watched segment', () => {
    const state = new SeatMapState(routeId);
    state.load(snapshot());
    expect(state.apply(update(3, 1, 'seat_cancelled'))).toBe('applied');
    expect(state.apply(update(4, 1, 'seat_available'))).toBe('applied');
    expect(state.seats()[0]).toEqual({ ...place(1), status: 'available' });
  });

  it('follows a ticket it saw booked through to its release, even on a part of the segment', () => {
    const state = new SeatMapState(routeId);
    state.load(snapshot());
    state.apply(update(3, 2, 'seat_reserved', 1, 2, 'mine'));
    state.apply(update(4, 2, 'seat_confirmed', 1, 2, 'mine'));
    expect(state.seats()[1]?.status).toBe('confirmed');
    state.apply(update(5, 2, 'seat_cancelled', 1, 2, 'mine'));
    expect(state.seats()[1]?.status).toBe('available');
  });

  it('asks for a snapshot when a partial release leaves the seat uncertain', () => {
    const state = new SeatMapState(routeId);
    state.load(snapshot());
    expect(state.apply(update(3, 3, 'seat_cancelled', 0, 2))).toBe('needs_snapshot');
    expect(state.sequence).toBe(2);
  });

  it('ignores events outside the watched segment but advances the sequence', () => {
    const state = new SeatMapState(routeId);
    state.load(snapshot({ fromStopIndex: 0, toStopIndex: 2 }));
    expect(state.apply(update(3, 2, 'seat_reserved', 2, 4))).toBe('applied');
    expect(state.seats()[1]?.status).toBe('available');
    expect(state.sequence).toBe(3);
  });

  it('shows the firmest holder when several tickets share the seat along the segment', () => {
    const state = new SeatMapState(routeId);
    state.load(snapshot({ seats: [{ ...place(1), status: 'available' }] }));
    state.apply(update(3, 1, 'seat_reserved', 0, 2, 'a'));
    state.apply(update(4, 1, 'seat_confirmed', 2, 4, 'b'));
    expect(state.seats()[0]?.status).toBe('confirmed');
    state.apply(update(5, 1, 'seat_cancelled', 2, 4, 'b'));
    expect(state.seats()[0]?.status).toBe('reserved');
  });

  it("keeps each seat's place in the bus (row, column, deck) from the snapshot through updates", () => {
    // Servers with seat layouts send these fields; the client carries whatever the snapshot had.
    const placed = { seatNumber: 1, status: 'available' as const, row: 1, column: 2, deck: 1 };
    const state = new SeatMapState(routeId);
    state.load(snapshot({ seats: [placed] }));
    state.apply(update(3, 1, 'seat_confirmed', 0, 4, 'c'));
    expect(state.seats()).toEqual([{ ...placed, status: 'confirmed', gender: 'other' }]);
    state.apply(update(4, 1, 'seat_cancelled', 0, 4, 'c'));
    expect(state.seats()).toEqual([placed]);
  });

  describe('the departure', () => {
    it('starts from the snapshot and takes each route_update whole, in sequence with the seats', () => {
      const state = new SeatMapState(routeId);
      state.load(snapshot());
      const stopTimes = ['2030-01-01T10:00:00.000Z', '2030-01-01T12:00:00.000Z'];
      expect(state.apply(routeUpdate(3, { departureAt: stopTimes[0], stopTimes }))).toBe('applied');
      expect(state.apply(update(4, 2, 'seat_reserved'))).toBe('applied');
      expect(
        state.apply(routeUpdate(5, { status: 'cancelled', reason: 'Flood', departureAt: stopTimes[0] })),
      ).toBe('applied');
      expect(state.snapshot()).toEqual({
        ...snapshot(),
        sequence: 5,
        seats: [
          { ...place(1), status: 'reserved', gender: 'female' },
          { ...place(2), status: 'reserved', gender: 'other' },
          { ...place(3), status: 'confirmed', gender: 'male' },
        ],
        departure: { status: 'cancelled', departureAt: stopTimes[0], reason: 'Flood' },
      });
    });

    it('reports a route_update past a gap and drops one already applied, changing nothing', () => {
      const state = new SeatMapState(routeId);
      state.load(snapshot());
      expect(state.apply(routeUpdate(4, { status: 'cancelled' }))).toBe('gap');
      expect(state.apply(routeUpdate(2, { status: 'cancelled' }))).toBe('duplicate');
      expect(state.departure).toEqual(snapshot().departure);
      expect(state.sequence).toBe(2);
    });
  });

  describe('seat holds', () => {
    it('marks a seat held on seat_held and available again on seat_released', () => {
      const state = new SeatMapState(routeId);
      state.load(snapshot());
      expect(state.apply(update(3, 2, 'seat_held', 0, 4, 'h1'))).toBe('applied');
      expect(state.seats()[1]).toEqual({ ...place(2), status: 'held' });
      expect(state.apply(update(4, 2, 'seat_released', 0, 4, 'h1'))).toBe('applied');
      expect(state.seats()[1]).toEqual({ ...place(2), status: 'available' });
    });

    it('frees a held seat from the snapshot when a hold spanning the segment is released', () => {
      const state = new SeatMapState(routeId);
      state.load(snapshot({ seats: [{ ...place(1), status: 'held' }] }));
      expect(state.apply(update(3, 1, 'seat_released', 0, 4, 'unseen'))).toBe('applied');
      expect(state.seats()[0]?.status).toBe('available');
    });

    it('asks for a snapshot when a hold on a part of the segment, not seen placed, is released', () => {
      const state = new SeatMapState(routeId);
      state.load(snapshot({ seats: [{ ...place(1), status: 'held' }] }));
      expect(state.apply(update(3, 1, 'seat_released', 1, 2, 'unseen'))).toBe('needs_snapshot');
    });

    it('shows any ticket over a hold on another part of the segment', () => {
      const state = new SeatMapState(routeId);
      state.load(snapshot({ seats: [{ ...place(1), status: 'available' }] }));
      state.apply(update(3, 1, 'seat_held', 0, 2, 'h1'));
      state.apply(update(4, 1, 'seat_reserved', 2, 4, 't-a'));
      expect(state.seats()[0]?.status).toBe('reserved');
      state.apply(update(5, 1, 'seat_cancelled', 2, 4, 't-a'));
      expect(state.seats()[0]?.status).toBe('held');
    });

    it('lets the tickets a hold became take its place (no release event comes for it)', () => {
      const state = new SeatMapState(routeId);
      state.load(snapshot({ seats: [{ ...place(1), status: 'available' }] }));
      state.apply(update(3, 1, 'seat_held', 1, 2, 'h1'));
      state.apply(update(4, 1, 'seat_reserved', 1, 2, 't-from-hold'));
      expect(state.seats()[0]?.status).toBe('reserved');
      // Cancelling the ticket frees the seat: the converted hold does not linger as `held`.
      state.apply(update(5, 1, 'seat_cancelled', 1, 2, 't-from-hold'));
      expect(state.seats()[0]?.status).toBe('available');
    });

    it('keeps a hold on another part when a ticket elsewhere on the segment comes and goes', () => {
      const state = new SeatMapState(routeId);
      state.load(snapshot({ seats: [{ ...place(1), status: 'available' }] }));
      state.apply(update(3, 1, 'seat_held', 0, 1, 'h1'));
      state.apply(update(4, 1, 'seat_reserved', 2, 4, 't-b'));
      state.apply(update(5, 1, 'seat_cancelled', 2, 4, 't-b'));
      expect(state.seats()[0]?.status).toBe('held');
    });

    it("asks for a snapshot when a ticket on a part of the segment may have replaced the snapshot's hold", () => {
      const state = new SeatMapState(routeId);
      state.load(snapshot({ seats: [{ ...place(1), status: 'held' }] }));
      expect(state.apply(update(3, 1, 'seat_reserved', 1, 2, 't-c'))).toBe('needs_snapshot');
      expect(state.sequence).toBe(2);
    });
  });
});
