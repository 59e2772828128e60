import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { Route } from '../domain/route';
import type { Gender } from '../domain/ticket';
import type { BookingConfig } from '../application/booking-ports';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';
import { gendersClash } from './gender-adjacency';
import { heldSeatsLimitPolicy } from './held-seats-limit';
import { salesCutoffPolicy } from './sales-cutoff';
import { seatPoliciesFrom, type SeatRuleName } from './seat-policies-from';

const admin: Actor = { userId: 'admin', role: 'admin' };
const agent: Actor = { userId: 'agent', role: 'agent' };
const cem: Actor = { userId: 'cem', role: 'customer' };
const ayla: Actor = { userId: 'ayla', role: 'customer' };
const DEPARTURE = '2030-01-01T12:00:00.000Z';

async function setup(
  rules: SeatRuleName[],
  config: Partial<BookingConfig> = {},
): Promise<{ booking: InMemoryBooking; route: Route }> {
  const booking = createInMemoryBooking({
    seatPolicies: seatPoliciesFrom({ rules, salesCutoffMinutes: 30 }),
    ...config,
  });
  const route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Bursa',
      toCity: 'Konya',
      stations: ['Eskisehir'],
      departureAt: DEPARTURE,
      seatCount: 8,
      price: 10,
      layout: '2+2',
    })
  )._unsafeUnwrap();
  return { booking, route };
}

const book = (
  booking: InMemoryBooking,
  route: Route,
  actor: Actor,
  seatNumber: number,
  gender: Gender,
  toCity?: string,
) =>
  booking.services.tickets.reserve(actor, {
    routeId: route.id,
    seatNumber,
    passengerName: 'P',
    gender,
    toCity,
  });

describe('gender adjacency', () => {
  it('refuses a seat beside one held by the other gender, naming the rule, and writes nothing', async () => {
    const { booking, route } = await setup(['gender_adjacency']);
    (await book(booking, route, cem, 1, 'female'))._unsafeUnwrap();
    const refused = await book(booking, route, ayla, 2, 'male');
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      kind: 'seat_rule_violation',
      rule: 'gender_adjacency',
    });
    // The message says which seat and how the passenger could still sit there.
    expect(refused._unsafeUnwrapErr().message).toBe(
      'Seat 2 is next to seat 1, held by a passenger of another gender on this segment; ' +
        'only someone travelling in the same booking may sit there.',
    );
    expect(booking.ports.db.tickets.size).toBe(1);
    expect((await booking.ports.events.currentSequence(route.id))._unsafeUnwrap()).toBe(1);
  });

  it('allows the same gender, "other", the seat across the aisle and a segment that does not overlap', async () => {
    const { booking, route } = await setup(['gender_adjacency']);
    (await book(booking, route, cem, 1, 'female', 'Eskisehir'))._unsafeUnwrap();
    (await book(booking, route, ayla, 3, 'male'))._unsafeUnwrap(); // across the aisle from 2
    (await book(booking, route, ayla, 4, 'male'))._unsafeUnwrap();
    (await book(booking, route, ayla, 5, 'female'))._unsafeUnwrap();
    (await book(booking, route, ayla, 6, 'other'))._unsafeUnwrap();
    // seat 2 beside a woman who leaves at Eskisehir: a man may sit there from Eskisehir on
    const later = await booking.services.tickets.reserve(cem, {
      routeId: route.id,
      seatNumber: 2,
      fromCity: 'Eskisehir',
      passengerName: 'P',
      gender: 'male',
    });
    expect(later.isOk()).toBe(true);
  });

  it('lets one PNR seat a man and a woman side by side, but no one else beside them', async () => {
    const { booking, route } = await setup(['gender_adjacency']);
    const couple = await booking.services.tickets.reserveGroup(cem, {
      routeId: route.id,
      passengers: [
        { seatNumber: 1, passengerName: 'Ali', gender: 'male' },
        { seatNumber: 2, passengerName: 'Ece', gender: 'female' },
      ],
    });
    expect(couple._unsafeUnwrap().tickets).toHaveLength(2);
    const mixed = await booking.services.tickets.reserveGroup(ayla, {
      routeId: route.id,
      passengers: [
        { seatNumber: 5, passengerName: 'Can', gender: 'male' },
        { seatNumber: 7, passengerName: 'Efe', gender: 'male' },
        { seatNumber: 8, passengerName: 'Su', gender: 'female' },
      ],
    });
    expect(mixed.isOk()).toBe(true);
    const refusedGroup = await booking.services.tickets.reserveGroup(agent, {
      routeId: route.id,
      passengers: [
        { seatNumber: 3, passengerName: 'Ada', gender: 'female' },
        { seatNumber: 6, passengerName: 'Ela', gender: 'female' }, // beside Can (5)
      ],
    });
    expect(refusedGroup._unsafeUnwrapErr()).toMatchObject({ rule: 'gender_adjacency' });
    expect(booking.ports.db.tickets.size).toBe(5);
  });

  it('marks the seats a passenger may not take on the seat map, with the reason', async () => {
    const { booking, route } = await setup(['gender_adjacency']);
    (await book(booking, route, cem, 1, 'female'))._unsafeUnwrap();
    (await book(booking, route, cem, 4, 'male'))._unsafeUnwrap();
    const forMan = (
      await booking.services.routes.seatMap(route.id, undefined, undefined, { gender: 'male' })
    )._unsafeUnwrap();
    expect(forMan.seats.filter((s) => s.blocked).map((s) => [s.seatNumber, s.blocked?.rule])).toEqual([
      [2, 'gender_adjacency'],
    ]);
    const forWoman = (
      await booking.services.routes.seatMap(route.id, undefined, undefined, { gender: 'female' })
    )._unsafeUnwrap();
    expect(forWoman.seats.filter((s) => s.blocked).map((s) => s.seatNumber)).toEqual([3]);
    const anyone = (await booking.services.routes.seatMap(route.id))._unsafeUnwrap();
    expect(anyone.seats.some((s) => s.blocked)).toBe(false);
  });

  it('is off unless enabled: the contract behaviour of single bookings is unchanged', async () => {
    const { booking, route } = await setup([]);
    (await book(booking, route, cem, 1, 'female'))._unsafeUnwrap();
    (await book(booking, route, ayla, 2, 'male'))._unsafeUnwrap();
    const map = (
      await booking.services.routes.seatMap(route.id, undefined, undefined, { gender: 'male' })
    )._unsafeUnwrap();
    expect(map.seats.some((s) => s.blocked)).toBe(false);
  });
});

describe('sales cut-off', () => {
  it('closes online sales 30 minutes before departure; agents sell until departure', async () => {
    const { booking, route } = await setup(['sales_cutoff']);
    booking.clock.set('2030-01-01T11:29:59.999Z');
    (await book(booking, route, cem, 1, 'male'))._unsafeUnwrap();
    booking.clock.set('2030-01-01T11:30:00.000Z');
    const late = await book(booking, route, cem, 2, 'male');
    expect(late._unsafeUnwrapErr()).toMatchObject({ kind: 'route_departed', routeId: route.id });
    expect(late._unsafeUnwrapErr().message).toContain('30 minutes');
    (await book(booking, route, agent, 2, 'male'))._unsafeUnwrap();
    booking.clock.set(DEPARTURE);
    expect((await book(booking, route, agent, 3, 'male'))._unsafeUnwrapErr().kind).toBe('route_departed');
  });
});

describe('held seats limit (always on)', () => {
  it('is 10 unpaid seats by default: the 11th answers hold_limit_reached, counter sales are not limited', async () => {
    const { booking, route } = await setup([]);
    for (let seat = 1; seat <= 8; seat++) (await book(booking, route, cem, seat, 'male'))._unsafeUnwrap();
    const other = (
      await booking.services.routes.create(admin, {
        fromCity: 'Izmir',
        toCity: 'Konya',
        departureAt: DEPARTURE,
        seatCount: 8,
        price: 10,
      })
    )._unsafeUnwrap();
    const group = (seats: number[]) =>
      booking.services.tickets.reserveGroup(cem, {
        routeId: other.id,
        passengers: seats.map((seatNumber) => ({ seatNumber, passengerName: 'P', gender: 'male' as const })),
      });
    // across routes, each passenger of a group counting: 8 + 3 is one too many, 8 + 2 is the limit
    expect((await group([1, 2, 3]))._unsafeUnwrapErr()).toMatchObject({
      kind: 'hold_limit_reached',
      limit: 10,
    });
    (await group([1, 2]))._unsafeUnwrap();
    expect((await book(booking, other, cem, 3, 'male'))._unsafeUnwrapErr().kind).toBe('hold_limit_reached');
    expect(booking.ports.db.tickets.size).toBe(10);
    (await book(booking, other, agent, 3, 'male'))._unsafeUnwrap();
    (await book(booking, other, ayla, 4, 'male'))._unsafeUnwrap();
  });

  it('refuses a customer a third unpaid hold, counting each passenger of a group', async () => {
    const { booking, route } = await setup([], { maxHeldSeats: 2 });
    (await book(booking, route, cem, 1, 'male'))._unsafeUnwrap();
    const group = await booking.services.tickets.reserveGroup(cem, {
      routeId: route.id,
      passengers: [
        { seatNumber: 2, passengerName: 'A', gender: 'male' },
        { seatNumber: 3, passengerName: 'B', gender: 'male' },
      ],
    });
    expect(group._unsafeUnwrapErr()).toMatchObject({ kind: 'hold_limit_reached', limit: 2 });
    (await book(booking, route, cem, 2, 'male'))._unsafeUnwrap();
    expect((await book(booking, route, cem, 3, 'male'))._unsafeUnwrapErr()).toMatchObject({
      kind: 'hold_limit_reached',
    });
    // another customer, and counter sales, are not limited by cem's holds
    (await book(booking, route, ayla, 3, 'male'))._unsafeUnwrap();
    (await book(booking, route, agent, 4, 'male'))._unsafeUnwrap();
    expect(booking.ports.db.tickets.size).toBe(4);
  });

  it('frees a place once a hold is paid, cancelled or runs out', async () => {
    const { booking, route } = await setup([], { maxHeldSeats: 2 });
    const first = (await book(booking, route, cem, 1, 'male'))._unsafeUnwrap();
    const second = (await book(booking, route, cem, 2, 'male'))._unsafeUnwrap();
    (await booking.services.tickets.cancel(cem, first.id))._unsafeUnwrap();
    const third = (await book(booking, route, cem, 3, 'male'))._unsafeUnwrap();
    (
      await booking.services.payments.pay(cem, {
        ticketId: second.id,
        cardNumber: '4242424242424242',
        cardHolderName: 'CEM',
        expireMonth: 1,
        expireYear: 2035,
        cvc: '123',
      })
    )._unsafeUnwrap();
    (await book(booking, route, cem, 4, 'male'))._unsafeUnwrap();
    expect((await book(booking, route, cem, 5, 'male'))._unsafeUnwrapErr().kind).toBe('hold_limit_reached');
    booking.clock.advanceSeconds(601); // both holds (3 and 4) run out, even before the sweep
    expect(third.status).toBe('reserved');
    (await book(booking, route, cem, 5, 'male'))._unsafeUnwrap();
  });

  it('holds under parallel requests of one customer', async () => {
    const { booking, route } = await setup([], { maxHeldSeats: 2 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((seat) => book(booking, route, cem, seat, 'male')));
    expect(results.filter((r) => r.isOk())).toHaveLength(2);
    expect(
      (await booking.ports.tickets.countOpenHolds('cem', booking.clock.now().toISOString()))._unsafeUnwrap(),
    ).toBe(2);
  });
});

describe('building the rules', () => {
  it('builds each named rule once, in the order listed', () => {
    expect(seatPoliciesFrom({ rules: [] })).toStrictEqual([]);
    const built = seatPoliciesFrom({ rules: ['sales_cutoff', 'gender_adjacency', 'sales_cutoff'] });
    expect(built.map((policy) => [policy.name, policy.locks])).toStrictEqual([
      ['sales_cutoff', []],
      ['gender_adjacency', ['route']],
    ]);
  });

  it('closes online sales 30 minutes before departure unless the settings say otherwise', async () => {
    const closed = async (salesCutoffMinutes?: number) => {
      const booking = createInMemoryBooking({
        seatPolicies: seatPoliciesFrom({ rules: ['sales_cutoff'], salesCutoffMinutes }),
      });
      const route = (
        await booking.services.routes.create(admin, {
          fromCity: 'Bursa',
          toCity: 'Konya',
          departureAt: DEPARTURE,
          seatCount: 8,
          price: 10,
        })
      )._unsafeUnwrap();
      booking.clock.set('2030-01-01T11:50:00.000Z'); // 10 minutes before departure
      const late = await book(booking, route, cem, 1, 'male');
      return late.isErr() ? late.error.message : 'sold';
    };
    expect(await closed()).toContain('closed 30 minutes before departure; an agent can still sell a seat.');
    expect(await closed(5)).toBe('sold');
    expect(await closed(0)).toBe('sold');
    expect(await closed(15)).toContain('closed 15 minutes before departure');
  });

  it('refuses settings that make no sense when the rule is built, not when a seat is sold', () => {
    for (const minutes of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => salesCutoffPolicy(minutes)).toThrow('salesCutoffPolicy: minutes must be >= 0');
    }
    expect(salesCutoffPolicy(0).name).toBe('sales_cutoff');
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      expect(() => heldSeatsLimitPolicy(limit)).toThrow('heldSeatsLimitPolicy: limit must be >= 1');
    }
    expect(heldSeatsLimitPolicy(1)).toMatchObject({ name: 'max_held_seats', locks: ['owner'] });
  });

  it('lets only a man and a woman clash; "other" sits beside anyone', () => {
    const genders = ['male', 'female', 'other'] as const;
    const clashes = genders.flatMap((a) => genders.filter((b) => gendersClash(a, b)).map((b) => `${a}-${b}`));
    expect(clashes).toStrictEqual(['male-female', 'female-male']);
  });
});
