import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { Route } from '../domain/route';
import { salesCutoffPolicy } from '../policies/sales-cutoff';
import { actors, TEST_CARD } from '../testing/fixtures';
import { createInMemoryBooking, payWithTestCard, type InMemoryBooking } from '../testing/in-memory-booking';

const { admin, agent, alice } = actors;
// Istanbul 09:00, Bolu 12:00, Ankara 14:00.
const ISTANBUL = '2030-01-02T09:00:00.000Z';
const BOLU = '2030-01-02T12:00:00.000Z';
const ANKARA = '2030-01-02T14:00:00.000Z';
const at = (time: string) => `2030-01-02T${time}:00.000Z`;

async function setup(cutoffMinutes?: number): Promise<{ booking: InMemoryBooking; route: Route }> {
  const booking = createInMemoryBooking({
    holdSeconds: 12 * 3600,
    ...(cutoffMinutes === undefined ? {} : { seatPolicies: [salesCutoffPolicy(cutoffMinutes)] }),
  });
  booking.clock.set('2030-01-02T06:00:00.000Z');
  const route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      stations: ['Bolu'],
      departureAt: ISTANBUL,
      stopTimes: [ISTANBUL, BOLU, ANKARA],
      seatCount: 10,
      price: 20,
    })
  )._unsafeUnwrap();
  return { booking, route };
}

const reserve = (
  booking: InMemoryBooking,
  route: Route,
  actor: Actor,
  seatNumber: number,
  fromCity: string,
) =>
  booking.services.tickets.reserve(actor, {
    routeId: route.id,
    seatNumber,
    passengerName: 'Ada',
    gender: 'female',
    fromCity,
    toCity: fromCity === 'Istanbul' ? 'Bolu' : 'Ankara',
  });

describe('each segment departs at the time of its first stop', () => {
  it('closes online sales of each segment before its own stop; agents sell until it', async () => {
    const { booking, route } = await setup(30);
    booking.clock.set(at('08:30'));
    expect((await reserve(booking, route, alice, 1, 'Istanbul'))._unsafeUnwrapErr().kind).toBe(
      'route_departed',
    );
    (await reserve(booking, route, alice, 1, 'Bolu'))._unsafeUnwrap();
    booking.clock.set(at('11:30'));
    expect((await reserve(booking, route, alice, 2, 'Bolu'))._unsafeUnwrapErr().kind).toBe('route_departed');
    (await reserve(booking, route, agent, 2, 'Bolu'))._unsafeUnwrap();
    booking.clock.set(BOLU);
    expect((await reserve(booking, route, agent, 3, 'Bolu'))._unsafeUnwrapErr().kind).toBe('route_departed');
  });

  it('takes payment for a later segment after the bus left the first stop, not for the first segment', async () => {
    const { booking, route } = await setup();
    booking.clock.set(at('08:50'));
    const first = (await reserve(booking, route, alice, 1, 'Istanbul'))._unsafeUnwrap();
    const later = (await reserve(booking, route, alice, 2, 'Bolu'))._unsafeUnwrap();
    booking.clock.set(at('09:05'));
    const refused = await booking.services.payments.pay(alice, { ...TEST_CARD, ticketId: first.id });
    expect(refused._unsafeUnwrapErr().kind).toBe('route_departed');
    await payWithTestCard(booking, alice, later.id);
    expect(booking.ports.db.tickets.get(later.id)?.status).toBe('confirmed');
  });

  it('counts the cancellation fee from the segment’s own stop, where the route’s departure has passed', async () => {
    const { booking, route } = await setup();
    booking.clock.set(at('08:00'));
    const ticket = (await reserve(booking, route, alice, 1, 'Bolu'))._unsafeUnwrap();
    await payWithTestCard(booking, alice, ticket.id);
    booking.clock.set(at('11:00')); // an hour before Bolu: the default policy keeps 25 %
    const cancelled = (await booking.services.tickets.cancel(alice, ticket.id))._unsafeUnwrap();
    expect(cancelled.refund).toMatchObject({ amount: 15, fee: 5 });
  });

  it('expires an unpaid reservation when its own segment departs', async () => {
    const { booking, route } = await setup();
    booking.clock.set(at('08:00'));
    const first = (await reserve(booking, route, alice, 1, 'Istanbul'))._unsafeUnwrap();
    const later = (await reserve(booking, route, alice, 2, 'Bolu'))._unsafeUnwrap();
    booking.clock.set(at('10:00'));
    (await booking.services.tickets.expireHolds())._unsafeUnwrap();
    expect(booking.ports.db.tickets.get(first.id)?.status).toBe('expired');
    expect(booking.ports.db.tickets.get(later.id)?.status).toBe('reserved');
    booking.clock.set(BOLU);
    (await booking.services.tickets.expireHolds())._unsafeUnwrap();
    expect(booking.ports.db.tickets.get(later.id)?.status).toBe('expired');
  });
});
