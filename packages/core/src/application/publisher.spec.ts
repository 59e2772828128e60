import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { Route } from '../domain/route';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };

async function setUp(): Promise<{ booking: InMemoryBooking; routes: Route[]; problems: string[] }> {
  const problems: string[] = [];
  const booking = createInMemoryBooking({ onBackgroundError: (_error, context) => problems.push(context) });
  const routes: Route[] = [];
  for (const fromCity of ['Adana', 'Mersin']) {
    const input = {
      fromCity,
      toCity: 'Konya',
      departureAt: '2030-01-02T09:00:00.000Z',
      seatCount: 5,
      price: 10,
    };
    routes.push((await booking.services.routes.create(admin, input))._unsafeUnwrap());
  }
  return { booking, routes, problems };
}

const sell = (booking: InMemoryBooking, route: Route, seatNumber: number) =>
  booking.services.tickets.reserve(agent, {
    routeId: route.id,
    seatNumber,
    passengerName: 'P',
    gender: 'male',
  });
const unpublished = (booking: InMemoryBooking) =>
  [...booking.ports.db.events.values()].flat().filter((s) => !s.published).length;

describe('the outbox', () => {
  it('publishes each committed change at once and marks its events published', async () => {
    const { booking, routes } = await setUp();
    const ticket = (await sell(booking, routes[0]!, 1))._unsafeUnwrap();
    expect(booking.notifier.changes).toEqual([
      { events: [expect.objectContaining({ sequence: 1 })], tickets: [ticket] },
    ]);
    expect(unpublished(booking)).toBe(0);
    expect(await booking.services.publisher.relayUnpublished()).toBe(0);
  });

  it('keeps the booking when the notifier fails, leaves the events unpublished, and the relay sends them in order later', async () => {
    const { booking, routes, problems } = await setUp();
    const [first, second] = routes as [Route, Route];
    booking.notifier.failing = true;
    const ticket = (await sell(booking, first, 1))._unsafeUnwrap();
    await sell(booking, second, 1);
    await booking.services.tickets.cancel(agent, ticket.id);
    expect(problems).toEqual(['seat notifier', 'seat notifier', 'seat notifier']);
    expect(unpublished(booking)).toBe(4);
    expect(await booking.services.publisher.relayUnpublished()).toBe(0); // still failing: nothing lost
    expect(unpublished(booking)).toBe(4);

    booking.notifier.failing = false;
    expect(await booking.services.publisher.relayUnpublished()).toBe(4);
    const sent = booking.notifier.events;
    expect(sent.filter((e) => e.routeId === first.id).map((e) => [e.sequence, e.eventType])).toEqual([
      [1, 'seat_confirmed'],
      [2, 'seat_cancelled'],
      [3, 'seat_available'],
    ]);
    expect(sent.filter((e) => e.routeId === second.id).map((e) => e.sequence)).toEqual([1]);
    expect(unpublished(booking)).toBe(0);
    expect(await booking.services.publisher.relayUnpublished()).toBe(0);
  });

  it('relays in sequence order per route even when commit times disagree with commit order', async () => {
    // A unit of work can take its time before the sequence lock while another commits first.
    const { booking, routes } = await setUp();
    const route = routes[0]!;
    const write = (seatNumber: number, committedAt: string) =>
      booking.ports.unitOfWork.run((tx) =>
        tx.events.append(
          [
            {
              routeId: route.id,
              seatNumber,
              eventType: 'seat_confirmed',
              ticketId: `t${seatNumber}`,
              fromStopIndex: 0,
              toStopIndex: 1,
              metadata: { fromCity: 'Adana', toCity: 'Konya', price: 10, gender: 'male' },
            },
          ],
          committedAt,
        ),
      );
    await write(1, '2030-01-01T08:00:02.000Z');
    await write(2, '2030-01-01T08:00:01.000Z');
    expect(await booking.services.publisher.relayUnpublished()).toBe(2);
    expect(booking.notifier.events.map((e) => e.sequence)).toEqual([1, 2]);
  });

  it('relays at most the given number of events per call, oldest first', async () => {
    const { booking, routes } = await setUp();
    booking.notifier.failing = true;
    for (let seat = 1; seat <= 5; seat++) await sell(booking, routes[0]!, seat);
    booking.notifier.failing = false;
    expect(await booking.services.publisher.relayUnpublished(3)).toBe(3);
    expect(await booking.services.publisher.relayUnpublished(3)).toBe(2);
    expect(booking.notifier.events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
  });
});
