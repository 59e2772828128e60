import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { SeatPolicy } from '../policies/seat-policy';
import { sampleNewRoute } from '../testing/fixtures';
import { createInMemoryBooking } from '../testing/in-memory-booking';
import { RouteService } from './route-service';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };

const newRoute = sampleNewRoute;

describe('RouteService.create', () => {
  it('stores a route with a fresh id, stamped with the clock', async () => {
    const booking = createInMemoryBooking();
    booking.clock.set('2030-01-05T10:00:00.000Z');
    const route = (await booking.services.routes.create(admin, newRoute()))._unsafeUnwrap();
    expect(route).toMatchObject({
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      stops: ['Istanbul', 'Bolu', 'Ankara'],
      createdAt: '2030-01-05T10:00:00.000Z',
    });
    expect(booking.ports.db.routes.get(route.id)).toStrictEqual(route);
  });

  it('is for admins only: anyone else is forbidden and nothing is stored', async () => {
    const booking = createInMemoryBooking();
    const refused = await booking.services.routes.create(agent, newRoute());
    expect(refused._unsafeUnwrapErr().kind).toBe('forbidden');
    expect(booking.ports.db.routes.size).toBe(0);
  });

  it('refuses a route the domain refuses, storing nothing', async () => {
    const booking = createInMemoryBooking();
    const refused = await booking.services.routes.create(admin, newRoute({ seatCount: 0 }));
    expect(refused._unsafeUnwrapErr().kind).toBe('validation_failed');
    expect(booking.ports.db.routes.size).toBe(0);
  });
});

describe('RouteService.get', () => {
  it('answers route_not_found naming the id it was asked for', async () => {
    const booking = createInMemoryBooking();
    expect((await booking.services.routes.get('no-such-route'))._unsafeUnwrapErr()).toMatchObject({
      kind: 'route_not_found',
      routeId: 'no-such-route',
    });
  });
});

describe('RouteService.list', () => {
  async function threeDays() {
    const booking = createInMemoryBooking();
    const create = async (departureAt: string, fromCity = 'Istanbul', toCity = 'Ankara') =>
      (
        await booking.services.routes.create(admin, newRoute({ departureAt, fromCity, toCity }))
      )._unsafeUnwrap().id;
    const ids = {
      dayBefore: await create('2030-05-31T23:59:59.999Z'),
      firstInstant: await create('2030-06-01T00:00:00.000Z'),
      lastInstant: await create('2030-06-01T23:59:59.999Z'),
      backwards: await create('2030-06-01T12:00:00.000Z', 'Ankara', 'Istanbul'),
      dayAfter: await create('2030-06-02T00:00:00.000Z'),
    };
    const list = async (search: Parameters<typeof booking.services.routes.list>[0]) =>
      (await booking.services.routes.list(search))._unsafeUnwrap().map((route) => route.id);
    return { booking, ids, list };
  }

  it('with a date, lists the routes departing on that UTC day only, its first and last instant included', async () => {
    const { ids, list } = await threeDays();
    expect(new Set(await list({ date: '2030-06-01' }))).toStrictEqual(
      new Set([ids.firstInstant, ids.lastInstant, ids.backwards]),
    );
  });

  it('with no search, lists every route', async () => {
    const { ids, list } = await threeDays();
    expect(new Set(await list({}))).toStrictEqual(new Set(Object.values(ids)));
  });

  it('with cities, lists the routes that go from the one to the other in that order', async () => {
    const { ids, list } = await threeDays();
    expect(await list({ from: 'Ankara', to: 'Istanbul' })).toStrictEqual([ids.backwards]);
    expect(await list({ from: 'Bolu', to: 'Istanbul' })).toStrictEqual([ids.backwards]);
    expect(await list({ from: 'Ankara', to: 'Bolu', date: '2030-06-01' })).toStrictEqual([ids.backwards]);
    expect(await list({ from: 'Izmir' })).toStrictEqual([]);
  });

  it('refuses a city that is not single-line text', async () => {
    const { booking } = await threeDays();
    expect((await booking.services.routes.list({ to: 'Ankara\n' }))._unsafeUnwrapErr()).toMatchObject({
      kind: 'validation_failed',
      message: expect.stringMatching(/^A city to search for /),
    });
  });

  it.each(['2030-6-1', '2030-06-01T00:00:00Z', 'tomorrow', '', '2030-13-01', '2030-06-01 '])(
    'refuses the date %j: validation_failed',
    async (date) => {
      const { booking } = await threeDays();
      const refused = (await booking.services.routes.list({ date }))._unsafeUnwrapErr();
      expect(refused).toMatchObject({
        kind: 'validation_failed',
        message: 'date is a day written YYYY-MM-DD.',
      });
    },
  );
});

describe('RouteService.seatMap', () => {
  /** A rule that refuses the given seats to anyone, for the seat map's `blocked` marks. */
  const blocking = (name: string, seats: number[]): SeatPolicy => ({
    name,
    locks: [],
    blockedSeats: () =>
      new Map(seats.map((seat) => [seat, { rule: name, message: `${name} blocks ${seat}` }])),
  });

  async function withRules(seatPolicies: SeatPolicy[]) {
    const booking = createInMemoryBooking({ seatPolicies });
    const route = (await booking.services.routes.create(admin, newRoute()))._unsafeUnwrap();
    return { booking, route };
  }

  it('answers route_not_found for an unknown route and invalid_segment for a segment off the route', async () => {
    const { booking, route } = await withRules([]);
    expect((await booking.services.routes.seatMap('no-such-route'))._unsafeUnwrapErr().kind).toBe(
      'route_not_found',
    );
    expect((await booking.services.routes.seatMap(route.id, 'Ankara', 'Bolu'))._unsafeUnwrapErr().kind).toBe(
      'invalid_segment',
    );
  });

  it('describes the segment asked for, as of the route’s current sequence', async () => {
    const { booking, route } = await withRules([]);
    (
      await booking.services.tickets.reserve(agent, {
        routeId: route.id,
        seatNumber: 2,
        passengerName: 'Ada',
        gender: 'female',
        fromCity: 'Istanbul',
        toCity: 'Bolu',
      })
    )._unsafeUnwrap();
    const later = (await booking.services.routes.seatMap(route.id, 'Bolu', 'Ankara'))._unsafeUnwrap();
    expect(later).toMatchObject({ routeId: route.id, fromStopIndex: 1, toStopIndex: 2, sequence: 1 });
    expect(later.seats.map((s) => s.status)).toStrictEqual([
      'available',
      'available',
      'available',
      'available',
    ]);
    const first = (await booking.services.routes.seatMap(route.id, 'Istanbul', 'Bolu'))._unsafeUnwrap();
    expect(first.seats.map((s) => s.status)).toStrictEqual([
      'available',
      'confirmed',
      'available',
      'available',
    ]);
  });

  it('tells the departure as the storage holds it now: scheduled, then cancelled with its reason', async () => {
    const { booking, route } = await withRules([]);
    const before = (await booking.services.routes.seatMap(route.id))._unsafeUnwrap();
    expect(before.departure).toStrictEqual({ status: 'scheduled', departureAt: route.departureAt });
    const stopTimes = [route.departureAt, '2030-06-01T11:00:00.000Z', '2030-06-01T13:00:00.000Z'];
    const cancelled = { ...route, status: 'cancelled' as const, cancelReason: 'Snow on the pass', stopTimes };
    (await booking.ports.routes.update(cancelled))._unsafeUnwrap();
    const after = (await booking.services.routes.seatMap(route.id, 'Bolu', 'Ankara'))._unsafeUnwrap();
    expect(after.departure).toStrictEqual({
      status: 'cancelled',
      departureAt: route.departureAt,
      stopTimes,
      reason: 'Snow on the pass',
    });
  });

  it('marks nothing when built without seat rules', async () => {
    const { booking, route } = await withRules([]);
    const bare = new RouteService(booking.ports);
    const map = (await bare.seatMap(route.id, undefined, undefined, { gender: 'male' }))._unsafeUnwrap();
    expect(map.seats.filter((s) => 'blocked' in s)).toStrictEqual([]);
  });

  it('marks only free seats, with the first rule that blocks each, and only when asked for a passenger', async () => {
    const { booking, route } = await withRules([blocking('first', [1, 2]), blocking('second', [2, 3])]);
    (
      await booking.services.tickets.reserve(agent, {
        routeId: route.id,
        seatNumber: 1,
        passengerName: 'Ada',
        gender: 'female',
      })
    )._unsafeUnwrap();
    const forMan = (
      await booking.services.routes.seatMap(route.id, undefined, undefined, { gender: 'male' })
    )._unsafeUnwrap();
    expect(forMan.seats.map((s) => s.blocked?.message)).toStrictEqual([
      undefined,
      'first blocks 2',
      'second blocks 3',
      undefined,
    ]);
    const anyone = (await booking.services.routes.seatMap(route.id))._unsafeUnwrap();
    expect(anyone.seats.filter((s) => 'blocked' in s)).toStrictEqual([]);
  });
});
