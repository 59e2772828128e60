import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { DepartureMove } from '../domain/departure-change';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import { salesCutoffPolicy } from '../policies/sales-cutoff';
import { actors } from '../testing/fixtures';
import {
  createInMemoryBooking,
  createRouteAsAdmin,
  payWithTestCard,
  type InMemoryBooking,
} from '../testing/in-memory-booking';
import type { BookingConfig } from './booking-ports';

const { admin, agent, alice } = actors;
/** The clock starts at 08:00; the bus leaves at 18:00 (10 h later: the default policy keeps 10 %). */
const NOW = '2030-01-01T08:00:00.000Z';
const DEPARTURE = '2030-01-01T18:00:00.000Z';
const MINUTE = 60_000;
const at = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * MINUTE).toISOString();

let booking: InMemoryBooking;
let route: Route;

async function setup(config: Partial<BookingConfig> = {}): Promise<void> {
  booking = createInMemoryBooking({ holdSeconds: 36_000, seatHoldSeconds: 300, ...config });
  route = await createRouteAsAdmin(booking, {
    fromCity: 'Izmir',
    toCity: 'Ankara',
    stations: ['Afyon'],
    departureAt: DEPARTURE,
    seatCount: 12,
    price: 19.99,
  });
}

beforeEach(() => setup());

const move = (change: DepartureMove, actor: Actor = admin) =>
  booking.services.departures.move(actor, route.id, change);
const log = () => booking.ports.db.events.get(route.id)?.map((s) => s.event) ?? [];
const snapshot = () =>
  JSON.stringify({
    routes: [...booking.ports.db.routes.values()],
    events: log(),
    history: booking.ports.db.history,
    told: booking.notifier.changes.length,
  });

async function paidTicket(seatNumber = 1): Promise<Ticket> {
  const ticket = (
    await booking.services.tickets.reserve(alice, {
      routeId: route.id,
      seatNumber,
      passengerName: 'Alice',
      gender: 'female',
    })
  )._unsafeUnwrap();
  await payWithTestCard(booking, alice, ticket.id);
  return ticket;
}

describe('moving a departure', () => {
  it('moves the departure: the route, a route_update in its sequence, and a move_departure entry', async () => {
    const later = at(DEPARTURE, 90);
    const moved = (await move({ departureAt: later }))._unsafeUnwrap();
    expect(moved).toMatchObject({
      departureAt: later,
      scheduledDepartureAt: DEPARTURE,
      stopTimes: null,
      status: 'scheduled',
      updatedAt: NOW,
    });
    expect(booking.ports.db.routes.get(route.id)).toEqual(moved);
    expect(log()).toEqual([
      {
        routeId: route.id,
        eventType: 'route_update',
        status: 'scheduled',
        departureAt: later,
        sequence: 1,
        timestamp: NOW,
      },
    ]);
    expect(booking.notifier.routeUpdates).toEqual(log());
    const trail = (await booking.services.departures.history(admin, route.id))._unsafeUnwrap();
    expect(trail).toEqual([
      expect.objectContaining({
        action: 'move_departure',
        reason: null,
        changes: { departureAt: { from: DEPARTURE, to: later } },
      }),
    ]);
  });

  it('sets stop times (the first is the departure), and then shifts them all when only departureAt moves', async () => {
    const times = [DEPARTURE, at(DEPARTURE, 180), at(DEPARTURE, 180)];
    const withTimes = (await move({ stopTimes: times.map((t) => t.replace('.000Z', 'Z')) }))._unsafeUnwrap();
    expect(withTimes).toMatchObject({ departureAt: DEPARTURE, stopTimes: times });
    expect(log().at(-1)).toMatchObject({ eventType: 'route_update', stopTimes: times });

    const shifted = (await move({ departureAt: at(DEPARTURE, -30) }))._unsafeUnwrap();
    expect(shifted.stopTimes).toEqual([at(DEPARTURE, -30), at(DEPARTURE, 150), at(DEPARTURE, 150)]);

    const both = [at(DEPARTURE, 60), at(DEPARTURE, 120), at(DEPARTURE, 200)];
    expect((await move({ departureAt: both[0], stopTimes: both }))._unsafeUnwrap()).toMatchObject({
      departureAt: both[0],
      stopTimes: both,
    });
    expect(log().map((e) => [e.sequence, e.eventType])).toEqual([
      [1, 'route_update'],
      [2, 'route_update'],
      [3, 'route_update'],
    ]);
  });

  it.each<[string, DepartureMove]>([
    ['nothing to change', {}],
    ['a departure that is not a time', { departureAt: 'tomorrow' }],
    ['a departure in the past', { departureAt: at(NOW, -1) }],
    ['a departure now', { departureAt: NOW }],
    ['stop times for fewer stops', { stopTimes: [DEPARTURE, at(DEPARTURE, 60)] }],
    ['stop times going back', { stopTimes: [DEPARTURE, at(DEPARTURE, 60), at(DEPARTURE, 59)] }],
    ['a stop time that is not a time', { stopTimes: [DEPARTURE, 'noon', at(DEPARTURE, 60)] }],
    [
      'a first stop time other than departureAt',
      { departureAt: at(DEPARTURE, 10), stopTimes: [DEPARTURE, at(DEPARTURE, 60), at(DEPARTURE, 90)] },
    ],
    ['stop times starting in the past', { stopTimes: [at(NOW, -5), at(DEPARTURE, 60), at(DEPARTURE, 90)] }],
    ['a departure past the year 9999', { departureAt: '+010000-01-01T00:00:00.000Z' }],
    [
      'a stop time past the year 9999',
      { stopTimes: [DEPARTURE, at(DEPARTURE, 60), '+010000-01-01T00:00:00.000Z'] },
    ],
  ])('refuses %s (validation_failed) and changes nothing', async (_what, change) => {
    const before = snapshot();
    expect((await move(change))._unsafeUnwrapErr().kind).toBe('validation_failed');
    expect(snapshot()).toBe(before);
  });

  it('refuses a new departure that would shift the stop times past the year 9999, and changes nothing', async () => {
    const stopTimes = [DEPARTURE, at(DEPARTURE, 120), at(DEPARTURE, 180)];
    (await move({ stopTimes }))._unsafeUnwrap();
    const before = snapshot();
    const refused = await move({ departureAt: '9999-12-31T22:00:00.000Z' });
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      kind: 'validation_failed',
      details: ['the stop times, shifted with the departure, stay within the year 9999'],
    });
    expect(snapshot()).toBe(before);
    // Up to the last instant of the year 9999 they may go.
    const latest = (await move({ departureAt: '9999-12-31T20:59:59.999Z' }))._unsafeUnwrap();
    expect(latest.stopTimes?.at(-1)).toBe('9999-12-31T23:59:59.999Z');
  });

  it('answers a move to the times the route already has with the route as it is, writing and sending nothing', async () => {
    const unchanged = (await move({ departureAt: DEPARTURE.replace('.000Z', 'Z') }))._unsafeUnwrap();
    expect(unchanged).toEqual(route);
    expect(log()).toEqual([]);
    expect(booking.ports.db.history).toEqual([]);
    expect(booking.notifier.changes).toEqual([]);

    const stopTimes = [DEPARTURE, at(DEPARTURE, 120), at(DEPARTURE, 180)];
    const timed = (await move({ stopTimes }))._unsafeUnwrap();
    const before = snapshot();
    for (const same of [{ stopTimes }, { departureAt: DEPARTURE }, { departureAt: DEPARTURE, stopTimes }]) {
      expect((await move(same))._unsafeUnwrap()).toEqual(timed);
    }
    expect(snapshot()).toBe(before);
  });

  it('is for admins only, and refuses a cancelled or departed route', async () => {
    const before = snapshot();
    expect((await move({ departureAt: at(DEPARTURE, 60) }, agent))._unsafeUnwrapErr().kind).toBe('forbidden');
    expect((await move({ departureAt: at(DEPARTURE, 60) }, alice))._unsafeUnwrapErr().kind).toBe('forbidden');
    expect(snapshot()).toBe(before);

    booking.clock.set(DEPARTURE);
    expect((await move({ departureAt: at(DEPARTURE, 60) }))._unsafeUnwrapErr().kind).toBe('route_departed');
    booking.clock.set(NOW);
    (await booking.services.departures.cancel(admin, route.id, { reason: 'Strike' }))._unsafeUnwrap();
    const cancelled = snapshot();
    expect((await move({ departureAt: at(DEPARTURE, 60) }))._unsafeUnwrapErr().kind).toBe('route_cancelled');
    expect(snapshot()).toBe(cancelled);
    const unknown = await booking.services.departures.move(admin, 'nope', { departureAt: DEPARTURE });
    expect(unknown._unsafeUnwrapErr().kind).toBe('route_not_found');
  });
});

describe('a passenger whose departure moved', () => {
  const cancelOwn = async (ticket: Ticket) =>
    (await booking.services.tickets.cancel(alice, ticket.id))._unsafeUnwrap().refund;

  it('pays the fee when it moved by the free delay or less', async () => {
    const ticket = await paidTicket();
    (await move({ departureAt: at(DEPARTURE, 60) }))._unsafeUnwrap();
    expect(await cancelOwn(ticket)).toEqual({ amount: 17.99, fee: 2, currency: 'EUR' });
  });

  it.each([
    ['later', 61],
    ['earlier', -61],
  ])('cancels without a fee when it moved more than the free delay %s', async (_way, minutes) => {
    const ticket = await paidTicket();
    (await move({ departureAt: at(DEPARTURE, minutes) }))._unsafeUnwrap();
    expect(await cancelOwn(ticket)).toEqual({ amount: 19.99, fee: 0, currency: 'EUR' });
  });

  it('pays the fee again once the departure is back within the delay of the one first announced', async () => {
    const ticket = await paidTicket();
    (await move({ departureAt: at(DEPARTURE, 120) }))._unsafeUnwrap();
    (await move({ departureAt: at(DEPARTURE, 30) }))._unsafeUnwrap();
    expect(await cancelOwn(ticket)).toEqual({ amount: 17.99, fee: 2, currency: 'EUR' });
  });

  it('follows freeCancelAfterDelayMinutes', async () => {
    await setup({ freeCancelAfterDelayMinutes: 15 });
    const ticket = await paidTicket();
    (await move({ departureAt: at(DEPARTURE, 16) }))._unsafeUnwrap();
    expect(await cancelOwn(ticket)).toEqual({ amount: 19.99, fee: 0, currency: 'EUR' });
  });
});

describe('what follows the departure time', () => {
  it('ends a seat hold at the new departure when it comes before the hold runs out', async () => {
    const hold = (
      await booking.services.holds.place(alice, { routeId: route.id, seatNumbers: [3] })
    )._unsafeUnwrap();
    (await move({ departureAt: at(NOW, 2) }))._unsafeUnwrap();
    booking.clock.set(at(NOW, 1));
    expect((await booking.services.holds.expireDue())._unsafeUnwrap()).toEqual([]);
    booking.clock.set(at(NOW, 2));
    const expired = (await booking.services.holds.expireDue())._unsafeUnwrap();
    expect(expired.map((h) => [h.id, h.status])).toEqual([[hold.id, 'expired']]);
    expect(log().at(-1)).toMatchObject({ eventType: 'seat_released', metadata: { reason: 'hold_expired' } });
  });

  it('ends an unpaid reservation at the new departure', async () => {
    const ticket = (
      await booking.services.tickets.reserve(alice, {
        routeId: route.id,
        seatNumber: 4,
        passengerName: 'Alice',
        gender: 'female',
      })
    )._unsafeUnwrap();
    (await move({ departureAt: at(NOW, 5) }))._unsafeUnwrap();
    expect((await booking.services.tickets.expireHolds(new Date(at(NOW, 4))))._unsafeUnwrap()).toEqual([]);
    const expired = (await booking.services.tickets.expireHolds(new Date(at(NOW, 5))))._unsafeUnwrap();
    expect(expired.map((t) => [t.id, t.status])).toEqual([[ticket.id, 'expired']]);
  });

  it('closes and reopens online sales with the sales cut-off as the departure moves', async () => {
    await setup({ seatPolicies: [salesCutoffPolicy(30)] });
    const reserve = (seatNumber: number) =>
      booking.services.tickets.reserve(alice, {
        routeId: route.id,
        seatNumber,
        passengerName: 'Alice',
        gender: 'female',
      });
    (await move({ departureAt: at(NOW, 20) }))._unsafeUnwrap();
    expect((await reserve(1))._unsafeUnwrapErr().kind).toBe('route_departed');
    (await move({ departureAt: at(NOW, 40) }))._unsafeUnwrap();
    expect((await reserve(1))._unsafeUnwrap().status).toBe('reserved');
  });
});
