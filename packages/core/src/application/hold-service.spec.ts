import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { Route } from '../domain/route';
import { genderAdjacencyPolicy } from '../policies/gender-adjacency';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';
import type { BookingConfig } from './booking-ports';

const admin: Actor = { userId: 'admin', role: 'admin' };
const agent: Actor = { userId: 'agent', role: 'agent' };
const cem: Actor = { userId: 'cem', role: 'customer' };
const ada: Actor = { userId: 'ada', role: 'customer' };

async function setup(
  config: Partial<BookingConfig> = {},
): Promise<{ booking: InMemoryBooking; route: Route }> {
  const booking = createInMemoryBooking({
    seatHoldSeconds: 300,
    holdSeconds: 600,
    maxGroupSize: 4,
    ...config,
  });
  const route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Izmir',
      toCity: 'Ankara',
      stations: ['Manisa', 'Afyon'],
      departureAt: '2030-01-02T09:00:00.000Z',
      seatCount: 12,
      price: 20,
    })
  )._unsafeUnwrap();
  return { booking, route };
}

const passengers = (...seats: number[]) =>
  seats.map((seatNumber, i) => ({ seatNumber, passengerName: `P${i}`, gender: 'female' as const }));

/** The seat map's statuses of these seats on the whole route. */
async function statuses(booking: InMemoryBooking, route: Route, seats: number[], from?: string, to?: string) {
  const map = (await booking.services.routes.seatMap(route.id, from, to))._unsafeUnwrap();
  return seats.map((seat) => map.seats.find((s) => s.seatNumber === seat)?.status);
}

describe('seat holds', () => {
  it('holds named seats for seatHoldSeconds: held on the map, seat_held per seat without a gender', async () => {
    const { booking, route } = await setup();
    const hold = (
      await booking.services.holds.place(cem, { routeId: route.id, toCity: 'Afyon', seatNumbers: [5, 2] })
    )._unsafeUnwrap();
    expect(hold).toMatchObject({
      routeId: route.id,
      seatNumbers: [2, 5],
      fromStopIndex: 0,
      toStopIndex: 2,
      status: 'active',
      expiresAt: '2030-01-01T08:05:00.000Z',
      ownerId: 'cem',
    });
    expect(await statuses(booking, route, [2, 5, 6])).toEqual(['held', 'held', 'available']);
    // Beyond the hold's segment the seats are free.
    expect(await statuses(booking, route, [2, 5], 'Afyon')).toEqual(['available', 'available']);
    expect(booking.notifier.events.map((e) => [e.seatNumber, e.eventType, e.ticketId])).toEqual([
      [2, 'seat_held', hold.id],
      [5, 'seat_held', hold.id],
    ]);
    expect(booking.notifier.events[0]?.metadata).toEqual({ fromCity: 'Izmir', toCity: 'Afyon', price: 20 });
  });

  it('takes all seats or none: a held seat refuses a booking and another hold, naming every taken seat', async () => {
    const { booking, route } = await setup();
    await booking.services.holds.place(cem, { routeId: route.id, seatNumbers: [3] });
    await booking.services.tickets.reserve(agent, {
      routeId: route.id,
      seatNumber: 4,
      passengerName: 'A',
      gender: 'male',
    });
    const refused = await booking.services.holds.place(ada, { routeId: route.id, seatNumbers: [1, 3, 4] });
    expect(refused._unsafeUnwrapErr()).toMatchObject({ kind: 'seat_unavailable', seatNumbers: [3, 4] });
    const booked = await booking.services.tickets.reserve(ada, {
      routeId: route.id,
      seatNumber: 3,
      passengerName: 'Ada',
      gender: 'female',
    });
    expect(booked._unsafeUnwrapErr().kind).toBe('seat_unavailable');
    expect(await statuses(booking, route, [1, 3, 4])).toEqual(['available', 'held', 'confirmed']);
  });

  it('refuses bad requests with clear errors and changes nothing', async () => {
    const { booking, route } = await setup();
    const place = (command: object) =>
      booking.services.holds
        .place(cem, { routeId: route.id, ...command } as never)
        .then((r) => r._unsafeUnwrapErr());
    expect(await place({ seatNumbers: [] })).toMatchObject({ kind: 'validation_failed' });
    expect(await place({ seatNumbers: [1, 1] })).toMatchObject({ kind: 'validation_failed' });
    expect(await place({ seatNumbers: [1, 2, 3, 4, 5] })).toMatchObject({ kind: 'validation_failed' });
    expect(await place({ seatNumbers: [1.5] })).toMatchObject({ kind: 'validation_failed' });
    expect(await place({ quantity: 0 })).toMatchObject({ kind: 'validation_failed' });
    expect(await place({ quantity: 2, preferences: { position: 'middle' } })).toMatchObject({
      kind: 'validation_failed',
    });
    expect(await place({ seatNumbers: [13] })).toMatchObject({ kind: 'seat_out_of_range', seatNumber: 13 });
    expect(await place({ seatNumbers: [1], fromCity: 'Ankara', toCity: 'Izmir' })).toMatchObject({
      kind: 'invalid_segment',
    });
    expect(
      (await booking.services.holds.place(cem, { routeId: 'nope', seatNumbers: [1] }))._unsafeUnwrapErr()
        .kind,
    ).toBe('route_not_found');
    booking.clock.set('2030-01-02T09:00:00.000Z');
    expect(await place({ seatNumbers: [1] })).toMatchObject({ kind: 'route_departed' });
    expect(booking.ports.db.holds.size).toBe(0);
    expect(booking.notifier.events).toEqual([]);
  });

  it('extends once, to now + seatHoldSeconds; a second time is hold_not_extendable', async () => {
    const { booking, route } = await setup();
    const hold = (
      await booking.services.holds.place(cem, { routeId: route.id, seatNumbers: [1] })
    )._unsafeUnwrap();
    booking.clock.advanceSeconds(200);
    const extended = (await booking.services.holds.extend(cem, hold.id))._unsafeUnwrap();
    expect(extended.expiresAt).toBe('2030-01-01T08:08:20.000Z');
    expect((await booking.services.holds.extend(cem, hold.id))._unsafeUnwrapErr().kind).toBe(
      'hold_not_extendable',
    );
    expect((await booking.services.holds.get(cem, hold.id))._unsafeUnwrap().expiresAt).toBe(
      extended.expiresAt,
    );
  });

  it('shows, extends and releases a hold for its owner and staff only; another customer learns nothing', async () => {
    const { booking, route } = await setup();
    const hold = (
      await booking.services.holds.place(cem, { routeId: route.id, seatNumbers: [1] })
    )._unsafeUnwrap();
    for (const ask of [
      booking.services.holds.get(ada, hold.id),
      booking.services.holds.extend(ada, hold.id),
      booking.services.holds.release(ada, hold.id),
    ]) {
      expect((await ask)._unsafeUnwrapErr()).toMatchObject({ kind: 'hold_not_found', holdId: hold.id });
    }
    expect((await booking.services.holds.get(agent, hold.id))._unsafeUnwrap().status).toBe('active');
    expect((await booking.services.holds.release(agent, hold.id))._unsafeUnwrap().status).toBe('released');
  });

  it('releases at once: seat_released (released), the seat free again; a second release is hold_expired', async () => {
    const { booking, route } = await setup();
    const hold = (
      await booking.services.holds.place(cem, { routeId: route.id, seatNumbers: [1, 2] })
    )._unsafeUnwrap();
    const released = (await booking.services.holds.release(cem, hold.id))._unsafeUnwrap();
    expect(released.status).toBe('released');
    expect(
      booking.notifier.events.slice(2).map((e) => [e.seatNumber, e.eventType, e.metadata.reason]),
    ).toEqual([
      [1, 'seat_released', 'released'],
      [2, 'seat_released', 'released'],
    ]);
    expect(await statuses(booking, route, [1, 2])).toEqual(['available', 'available']);
    expect((await booking.services.holds.release(cem, hold.id))._unsafeUnwrapErr().kind).toBe('hold_expired');
    expect((await booking.services.holds.place(ada, { routeId: route.id, seatNumbers: [1] })).isOk()).toBe(
      true,
    );
  });

  it('expires due holds in the sweep (seat_released, hold_expired), leaving running ones alone', async () => {
    const { booking, route } = await setup();
    const early = (
      await booking.services.holds.place(cem, { routeId: route.id, seatNumbers: [1] })
    )._unsafeUnwrap();
    booking.clock.advanceSeconds(100);
    const later = (
      await booking.services.holds.place(ada, { routeId: route.id, seatNumbers: [2] })
    )._unsafeUnwrap();
    booking.clock.advanceSeconds(199);
    expect((await booking.services.holds.expireDue())._unsafeUnwrap()).toEqual([]);
    booking.clock.advanceSeconds(1);
    const expired = (await booking.services.holds.expireDue())._unsafeUnwrap();
    expect(expired.map((h) => [h.id, h.status])).toEqual([[early.id, 'expired']]);
    expect(booking.notifier.events.at(-1)).toMatchObject({
      seatNumber: 1,
      eventType: 'seat_released',
      ticketId: early.id,
      metadata: { reason: 'hold_expired' },
    });
    expect(await statuses(booking, route, [1, 2])).toEqual(['available', 'held']);
    expect((await booking.services.holds.get(ada, later.id))._unsafeUnwrap().status).toBe('active');
    expect((await booking.services.holds.extend(cem, early.id))._unsafeUnwrapErr().kind).toBe('hold_expired');
  });

  it('expires a hold whose route departed before its time ran out', async () => {
    const { booking, route } = await setup({ seatHoldSeconds: 86_400 * 3 });
    await booking.services.holds.place(cem, { routeId: route.id, seatNumbers: [1] });
    booking.clock.set(route.departureAt);
    expect((await booking.services.holds.expireDue())._unsafeUnwrap().map((h) => h.status)).toEqual([
      'expired',
    ]);
  });

  it('counts held seats toward the unpaid-seat limit, with reserved tickets; staff are not counted', async () => {
    const { booking, route } = await setup({ maxHeldSeats: 3 });
    await booking.services.tickets.reserve(cem, {
      routeId: route.id,
      seatNumber: 1,
      passengerName: 'C',
      gender: 'male',
    });
    expect((await booking.services.holds.place(cem, { routeId: route.id, seatNumbers: [2, 3] })).isOk()).toBe(
      true,
    );
    const over = await booking.services.holds.place(cem, { routeId: route.id, seatNumbers: [4] });
    expect(over._unsafeUnwrapErr()).toMatchObject({ kind: 'hold_limit_reached', limit: 3 });
    const reserve = await booking.services.tickets.reserve(cem, {
      routeId: route.id,
      seatNumber: 4,
      passengerName: 'C',
      gender: 'male',
    });
    expect(reserve._unsafeUnwrapErr().kind).toBe('hold_limit_reached');
    expect(await statuses(booking, route, [4])).toEqual(['available']);
    expect(
      (await booking.services.holds.place(agent, { routeId: route.id, seatNumbers: [4, 5, 6, 7] })).isOk(),
    ).toBe(true);
  });
});

describe('choosing seats for a hold', () => {
  it('picks the tightest free stretch: a seat free only for the hop before one free for the whole route', async () => {
    const { booking, route } = await setup();
    // Seat 1 is taken from Afyon on: for Izmir -> Manisa it fits better than the wholly free seats.
    await booking.services.tickets.reserve(agent, {
      routeId: route.id,
      fromCity: 'Afyon',
      seatNumber: 1,
      passengerName: 'A',
      gender: 'male',
    });
    const hold = (
      await booking.services.holds.place(cem, { routeId: route.id, toCity: 'Manisa', quantity: 1 })
    )._unsafeUnwrap();
    expect(hold.seatNumbers).toEqual([1]);
  });

  it('never gives two choices the same seat, and says not_enough_seats when the bus is short', async () => {
    const { booking, route } = await setup({ maxGroupSize: 6 });
    const first = booking.services.holds.place(cem, { routeId: route.id, quantity: 6 });
    const second = booking.services.holds.place(ada, { routeId: route.id, quantity: 6 });
    const [a, b] = [(await first)._unsafeUnwrap(), (await second)._unsafeUnwrap()];
    expect(new Set([...a.seatNumbers, ...b.seatNumbers]).size).toBe(12);
    const none = await booking.services.holds.place(agent, { routeId: route.id, quantity: 1 });
    expect(none._unsafeUnwrapErr().kind).toBe('not_enough_seats');
  });

  it('keeps to the seat rules when the caller gives the gender', async () => {
    const { booking, route } = await setup({ seatPolicies: [genderAdjacencyPolicy()] });
    // 2+2 rows: seat 1's row partner is seat 2; seat 3's is 4, and so on.
    for (const seatNumber of [1, 3, 5, 7, 9]) {
      await booking.services.tickets.reserve(agent, {
        routeId: route.id,
        seatNumber,
        passengerName: 'M',
        gender: 'male',
      });
    }
    const hold = (
      await booking.services.holds.place(cem, {
        routeId: route.id,
        quantity: 1,
        preferences: { gender: 'female' },
      })
    )._unsafeUnwrap();
    expect(hold.seatNumbers).toEqual([11]);
  });
});

describe('booking a hold', () => {
  it('turns the hold into reserved tickets on its segment, one PNR, seat_reserved per seat, the hold converted', async () => {
    const { booking, route } = await setup();
    const hold = (
      await booking.services.holds.place(cem, { routeId: route.id, fromCity: 'Manisa', seatNumbers: [4, 2] })
    )._unsafeUnwrap();
    const group = (
      await booking.services.tickets.bookHold(cem, { holdId: hold.id, passengers: passengers(2, 4) })
    )._unsafeUnwrap();
    expect(group.tickets.map((t) => [t.seatNumber, t.status, t.fromCity, t.toCity])).toEqual([
      [2, 'reserved', 'Manisa', 'Ankara'],
      [4, 'reserved', 'Manisa', 'Ankara'],
    ]);
    expect(group.tickets[0]?.holdExpiresAt).toBe('2030-01-01T08:10:00.000Z');
    expect(booking.notifier.events.slice(2).map((e) => [e.seatNumber, e.eventType])).toEqual([
      [2, 'seat_reserved'],
      [4, 'seat_reserved'],
    ]);
    expect((await booking.services.holds.get(cem, hold.id))._unsafeUnwrap().status).toBe('converted');
    expect(await statuses(booking, route, [2, 4], 'Manisa')).toEqual(['reserved', 'reserved']);
    const again = await booking.services.tickets.bookHold(cem, {
      holdId: hold.id,
      passengers: passengers(2, 4),
    });
    expect(again._unsafeUnwrapErr().kind).toBe('hold_expired');
  });

  it("confirms an agent's booking of a hold at once", async () => {
    const { booking, route } = await setup();
    const hold = (
      await booking.services.holds.place(agent, { routeId: route.id, seatNumbers: [1] })
    )._unsafeUnwrap();
    const group = (
      await booking.services.tickets.bookHold(agent, { holdId: hold.id, passengers: passengers(1) })
    )._unsafeUnwrap();
    expect(group.tickets.map((t) => t.status)).toEqual(['confirmed']);
  });

  it('refuses other seats (hold_mismatch), an expired hold, and someone else’s, changing nothing', async () => {
    const { booking, route } = await setup();
    const hold = (
      await booking.services.holds.place(cem, { routeId: route.id, seatNumbers: [1, 2] })
    )._unsafeUnwrap();
    const book = (actor: Actor, ...seats: number[]) =>
      booking.services.tickets.bookHold(actor, { holdId: hold.id, passengers: passengers(...seats) });
    expect((await book(cem, 1))._unsafeUnwrapErr()).toMatchObject({ kind: 'hold_mismatch', holdId: hold.id });
    expect((await book(cem, 1, 3))._unsafeUnwrapErr().kind).toBe('hold_mismatch');
    expect((await book(ada, 1, 2))._unsafeUnwrapErr().kind).toBe('hold_not_found');
    booking.clock.advanceSeconds(300);
    expect((await book(cem, 1, 2))._unsafeUnwrapErr().kind).toBe('hold_expired');
    expect(booking.ports.db.tickets.size).toBe(0);
    expect((await booking.services.holds.get(cem, hold.id))._unsafeUnwrap().status).toBe('active');
  });

  it('checks the seat rules once the passengers are known, and keeps the hold when they refuse', async () => {
    const { booking, route } = await setup({ seatPolicies: [genderAdjacencyPolicy()] });
    await booking.services.tickets.reserve(agent, {
      routeId: route.id,
      seatNumber: 1,
      passengerName: 'M',
      gender: 'male',
    });
    const hold = (
      await booking.services.holds.place(cem, { routeId: route.id, seatNumbers: [2] })
    )._unsafeUnwrap();
    const refused = await booking.services.tickets.bookHold(cem, {
      holdId: hold.id,
      passengers: passengers(2),
    });
    expect(refused._unsafeUnwrapErr().kind).toBe('seat_rule_violation');
    expect((await booking.services.holds.get(cem, hold.id))._unsafeUnwrap().status).toBe('active');
    expect(await statuses(booking, route, [2])).toEqual(['held']);
  });

  it('a hold and its booking keep the unpaid-seat count unchanged', async () => {
    const { booking, route } = await setup({ maxHeldSeats: 2 });
    const hold = (
      await booking.services.holds.place(cem, { routeId: route.id, seatNumbers: [1, 2] })
    )._unsafeUnwrap();
    const group = await booking.services.tickets.bookHold(cem, {
      holdId: hold.id,
      passengers: passengers(1, 2),
    });
    expect(group.isOk()).toBe(true);
  });
});
