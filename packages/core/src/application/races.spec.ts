import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ResultAsync, type Result } from 'neverthrow';
import type { Actor } from '../domain/actor';
import type { DomainError } from '../domain/errors';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';

const admin: Actor = { userId: 'admin', role: 'admin' };
const agent: Actor = { userId: 'agent', role: 'agent' };
const customer = (i: number): Actor => ({ userId: `customer-${i}`, role: 'customer' });
const STOPS = ['Van', 'Mus', 'Bitlis', 'Siirt', 'Batman'];

async function bookingWithRoute(): Promise<{ booking: InMemoryBooking; route: Route }> {
  const booking = createInMemoryBooking();
  const route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Van',
      toCity: 'Batman',
      stations: STOPS.slice(1, -1),
      departureAt: '2030-01-02T09:00:00.000Z',
      seatCount: 3,
      price: 15,
    })
  )._unsafeUnwrap();
  return { booking, route };
}

/** Every segment of the route that covers the leg Bitlis-Siirt: any two of them overlap. */
const overlapping = STOPS.flatMap((_, from) =>
  STOPS.map((__, to) => [from, to] as const).filter(([f, t]) => f <= 2 && t >= 3 && f < t),
).map(([from, to]) => ({ fromCity: STOPS[from], toCity: STOPS[to] }));

const reserveSeat = (booking: InMemoryBooking, route: Route, i: number, segment = overlapping[0]) =>
  booking.services.tickets.reserve(i % 3 === 2 ? agent : customer(i), {
    routeId: route.id,
    seatNumber: 2,
    passengerName: `Passenger ${i}`,
    gender: 'other',
    ...segment,
  });

function expectOneWinner(
  booking: InMemoryBooking,
  route: Route,
  results: Result<Ticket, DomainError>[],
): void {
  expect(results.filter((r) => r.isOk())).toHaveLength(1);
  const losers = results.flatMap((r) => (r.isErr() ? [r.error.kind] : []));
  expect(losers).toEqual(losers.map(() => 'seat_unavailable'));
  expect(booking.ports.db.tickets.size).toBe(1);
  const events = booking.ports.db.events.get(route.id) ?? [];
  expect(events.map((s) => s.event.sequence)).toEqual([1]);
  expect(booking.notifier.events).toHaveLength(1);
}

describe('concurrent reserves of one seat', () => {
  it('give exactly one winner and one event (real promise races)', async () => {
    for (let round = 0; round < 20; round++) {
      const { booking, route } = await bookingWithRoute();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          reserveSeat(booking, route, i, overlapping[(i + round) % overlapping.length]),
        ),
      );
      expectOneWinner(booking, route, results);
    }
  });

  it('give exactly one winner and one event under every interleaving fc.scheduler() tries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.nat({ max: overlapping.length - 1 }), { minLength: 2, maxLength: 5 }),
        async (s, segments) => {
          const { booking, route } = await bookingWithRoute();
          // Every storage step waits for the scheduler, which releases them in a random order.
          const findRoute = booking.ports.routes.findById.bind(booking.ports.routes);
          booking.ports.routes.findById = (id) =>
            new ResultAsync(s.schedule(Promise.resolve(findRoute(id)), 'load route'));
          const run = booking.ports.unitOfWork.run.bind(booking.ports.unitOfWork);
          booking.ports.unitOfWork.run = (work) =>
            new ResultAsync(s.schedule(Promise.resolve(), 'begin unit of work').then(() => run(work)));
          const pending = segments.map((segment, i) => reserveSeat(booking, route, i, overlapping[segment]));
          expectOneWinner(booking, route, await s.waitFor(Promise.all(pending)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('sell every seat once when many customers race for all of them', async () => {
    const { booking, route } = await bookingWithRoute();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        booking.services.tickets.reserve(customer(i), {
          routeId: route.id,
          seatNumber: (i % 3) + 1,
          passengerName: 'P',
          gender: 'male',
        }),
      ),
    );
    expect(results.filter((r) => r.isOk())).toHaveLength(3);
    expect((booking.ports.db.events.get(route.id) ?? []).map((s) => s.event.sequence)).toEqual([1, 2, 3]);
  });
});

describe('concurrent cancel and confirm of one ticket', () => {
  async function reservedTicket() {
    const { booking, route } = await bookingWithRoute();
    const ticket = (await reserveSeat(booking, route, 0))._unsafeUnwrap();
    return { booking, route, ticket };
  }

  function expectExactlyOneApplied(
    booking: InMemoryBooking,
    route: Route,
    ticketId: string,
    cancel: Result<Ticket, DomainError>,
    confirm: Result<Ticket, DomainError>,
  ): void {
    const kinds = [cancel, confirm].map((r) => (r.isOk() ? 'ok' : r.error.kind)).sort();
    expect(kinds).toEqual(['invalid_transition', 'ok']);
    const types = (booking.ports.db.events.get(route.id) ?? []).map((s) => s.event.eventType);
    expect(booking.ports.db.tickets.get(ticketId)?.status).toBe(cancel.isOk() ? 'cancelled' : 'confirmed');
    expect(types).toEqual(
      cancel.isOk()
        ? ['seat_reserved', 'seat_cancelled', 'seat_available']
        : ['seat_reserved', 'seat_confirmed'],
    );
  }

  it('apply exactly one; the other is invalid_transition (real promise races, both orders)', async () => {
    for (const cancelFirst of [true, false]) {
      const { booking, route, ticket } = await reservedTicket();
      const cancel = () => booking.services.tickets.cancel(customer(0), ticket.id);
      const confirm = () => booking.services.tickets.confirm(agent, ticket.id);
      const [cancelled, confirmed] = cancelFirst
        ? await Promise.all([cancel(), confirm()])
        : await Promise.all([confirm(), cancel()]).then(([c, x]) => [x, c] as const);
      expectExactlyOneApplied(booking, route, ticket.id, cancelled, confirmed);
    }
  });

  it('apply exactly one under every interleaving fc.scheduler() tries', async () => {
    const winners = { cancel: 0, confirm: 0 };
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const { booking, route, ticket } = await reservedTicket();
        const find = booking.ports.tickets.findById.bind(booking.ports.tickets);
        booking.ports.tickets.findById = (id) =>
          new ResultAsync(s.schedule(Promise.resolve(find(id)), 'load ticket'));
        const run = booking.ports.unitOfWork.run.bind(booking.ports.unitOfWork);
        booking.ports.unitOfWork.run = (work) =>
          new ResultAsync(s.schedule(Promise.resolve(), 'begin unit of work').then(() => run(work)));
        const cancel = booking.services.tickets.cancel(customer(0), ticket.id);
        const confirm = booking.services.tickets.confirm(agent, ticket.id);
        const [cancelled, confirmed] = await s.waitFor(Promise.all([cancel, confirm]));
        expectExactlyOneApplied(booking, route, ticket.id, cancelled, confirmed);
        winners[cancelled.isOk() ? 'cancel' : 'confirm']++;
      }),
      { numRuns: 100 },
    );
    // The scheduler really tried both orders.
    expect(winners.cancel).toBeGreaterThan(0);
    expect(winners.confirm).toBeGreaterThan(0);
  });
});
