import { expect, it } from '@jest/globals';
import {
  isSeatEvent,
  type Actor,
  type BookingServices,
  type DomainError,
  type Route,
  type Ticket,
} from '@booking/core';
import { describeWithService } from '@booking/core/testing';
import type { Result } from 'neverthrow';
import type { MikroOrmStorage } from './open-storage';
import { Sql } from './sql';
import { CLAIMS_OUT_OF_STEP_SQL, OVERLAPPING_OCCUPANTS_SQL } from './testing/audit-sql';
import { bookingOnStorage, createRoute } from './testing/booking-on-storage';
import { random } from './testing/race-scenarios';
import { storagePerSuite } from './testing/storage-per-suite';

const agent: Actor = { userId: 'agent-1', role: 'agent' };

/** The whole of `route`: these routes' cities differ, so an exchange names them. */
const whole = (route: Route) => ({ fromCity: route.stops[0] as string, toCity: route.stops[4] as string });

const kinds = (results: Result<unknown, DomainError>[]) =>
  results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().kind);

/** A counter sale (confirmed at once, no money) of `seatNumber` on a segment of `route`. */
async function sold(services: BookingServices, route: Route, seatNumber: number, from = 0, to = 4) {
  const booked = await services.tickets.reserve(agent, {
    routeId: route.id,
    seatNumber,
    fromCity: route.stops[from],
    toCity: route.stops[to],
    passengerName: `Passenger ${seatNumber}`,
    gender: 'other',
  });
  return booked._unsafeUnwrap();
}

/**
 * What must hold of a route however its changes raced: no seat kept twice on overlapping segments
 * (from the tickets' and holds' own tables), every claim in step with its ticket, and its events
 * numbered exactly 1..n.
 */
async function audit(storage: MikroOrmStorage, route: Route): Promise<void> {
  const sql = new Sql(storage.orm.em.getConnection());
  const count = async (statement: string, params: unknown[]) =>
    Number((await sql.rows<{ count: string }>(statement, params))._unsafeUnwrap()[0]?.count);
  expect(await count(OVERLAPPING_OCCUPANTS_SQL, [route.id, route.id])).toBe(0);
  expect(await count(CLAIMS_OUT_OF_STEP_SQL, [route.id, route.id, route.id])).toBe(0);
  const events = (await storage.events.readAfter(route.id, 0, 10_000))._unsafeUnwrap();
  expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
}

describeWithService(
  'DATABASE_URL',
  process.env,
  'changes of sold tickets on PostgreSQL: races, and the money of an exchange',
  () => {
    const opened = storagePerSuite(process.env, { kind: 'postgres', poolSize: 12 });

    it('runs opposite exchanges (A to B and B to A) at once without a deadlock, and a swap of two taken seats refuses both', async () => {
      const { services } = bookingOnStorage(opened());
      for (let round = 0; round < 10; round++) {
        const a = await createRoute(services, 10);
        const b = await createRoute(services, 10);
        const [onA, onB] = [await sold(services, a, 1), await sold(services, b, 1)];
        const crossed = await Promise.all([
          services.ticketChanges.exchange(agent, onA.id, { routeId: b.id, seatNumber: 2, ...whole(b) }),
          services.ticketChanges.exchange(agent, onB.id, { routeId: a.id, seatNumber: 2, ...whole(a) }),
        ]);
        expect(kinds(crossed)).toEqual([]);
        // Each wants the seat the other holds: neither may take it, and neither waits for the other.
        const [swapA, swapB] = [await sold(services, a, 5), await sold(services, b, 5)];
        const swapped = await Promise.all([
          services.ticketChanges.exchange(agent, swapA.id, { routeId: b.id, seatNumber: 5, ...whole(b) }),
          services.ticketChanges.exchange(agent, swapB.id, { routeId: a.id, seatNumber: 5, ...whole(a) }),
        ]);
        expect(kinds(swapped)).toEqual(['seat_unavailable', 'seat_unavailable']);
        await audit(opened(), a);
        await audit(opened(), b);
        const seats = async (route: Route) =>
          (await opened().tickets.findOccupying(route.id))
            ._unsafeUnwrap()
            .map((t) => t.seatNumber)
            .sort();
        expect(await seats(a)).toEqual([2, 5]);
        expect(await seats(b)).toEqual([2, 5]);
      }
    });

    it('never double-sells while 60 random exchanges between two departures, and seat changes, run at once', async () => {
      const { services } = bookingOnStorage(opened());
      const next = random(20261130);
      const routes = [await createRoute(services, 10), await createRoute(services, 10)];
      const tickets: Ticket[] = [];
      for (const route of routes) {
        for (let seat = 1; seat <= 6; seat++) tickets.push(await sold(services, route, seat, seat % 2, 4));
      }
      const pickOf = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
      const results = await Promise.all(
        Array.from({ length: 60 }, () => {
          const ticket = pickOf(tickets);
          const target = pickOf(routes);
          const from = Math.floor(next() * 4);
          const to = from + 1 + Math.floor(next() * (4 - from));
          const seatNumber = 1 + Math.floor(next() * 10);
          return next() < 0.3
            ? services.ticketChanges.changeSeat(agent, ticket.id, seatNumber)
            : services.ticketChanges.exchange(agent, ticket.id, {
                routeId: target.id,
                seatNumber,
                fromCity: target.stops[from],
                toCity: target.stops[to],
              });
        }),
      );
      const won = results.filter((r) => r.isOk()).length;
      expect(won).toBeGreaterThan(0);
      expect(won).toBeLessThan(results.length);
      // Refusals are clean: a taken seat, a ticket changed meanwhile, a trip it already has. No deadlock,
      // no lost connection (persistence_unavailable).
      const refusals = new Set(kinds(results));
      for (const kind of refusals) {
        expect(['seat_unavailable', 'invalid_transition', 'validation_failed']).toContain(kind);
      }
      for (const route of routes) await audit(opened(), route);
      // Every exchange that committed left both halves: the old ticket cancelled and pointing at the new one.
      const all = (
        await Promise.all(routes.map((route) => opened().tickets.list({ routeId: route.id, limit: 1000 })))
      ).flatMap((r) => r._unsafeUnwrap());
      const byId = new Map(all.map((t) => [t.id, t]));
      for (const ticket of all.filter((t) => t.exchangedToId !== null)) {
        expect(ticket.status).toBe('cancelled');
        expect(byId.get(ticket.exchangedToId as string)?.exchangedFromId).toBe(ticket.id);
      }
      expect(all.filter((t) => t.status !== 'cancelled')).toHaveLength(12);
    });

    it('keeps the money of a paid ticket exchanged to a dearer trip, and back, in the ledger', async () => {
      const { services, gateway } = bookingOnStorage(opened(), { currency: 'EUR' });
      const route = await createRoute(services, 10);
      const dearer = (
        await services.routes.create(
          { userId: 'admin-1', role: 'admin' },
          {
            ...whole(route),
            stations: route.stops.slice(1, 4),
            departureAt: '2030-06-02T09:00:00.000Z',
            seatCount: 10,
            price: 30,
          },
        )
      )._unsafeUnwrap();
      const customer: Actor = { userId: `customer-${route.id}`, role: 'customer' };
      const card = {
        cardNumber: '4242424242424242',
        cardHolderName: 'ADA',
        expireMonth: 12,
        expireYear: 2035,
        cvc: '123',
      };
      const ticket = (
        await services.tickets.reserve(customer, {
          routeId: route.id,
          seatNumber: 1,
          passengerName: 'Ada',
          gender: 'female',
        })
      )._unsafeUnwrap();
      (await services.payments.pay(customer, { ticketId: ticket.id, ...card }))._unsafeUnwrap();
      const up = (
        await services.ticketChanges.exchange(customer, ticket.id, {
          routeId: dearer.id,
          seatNumber: 1,
          card,
        })
      )._unsafeUnwrap();
      expect(up.payment?.amount).toBe(10.01);
      const down = (
        await services.ticketChanges.exchange(customer, up.ticket.id, { routeId: route.id, seatNumber: 2 })
      )._unsafeUnwrap();
      expect(down.refund).toEqual({ amount: 10.01, fee: 0, currency: 'EUR' });
      const money = async (id: string) =>
        (await services.payments.ticketPayments(customer, id))._unsafeUnwrap();
      // The money moves with the ticket (moved, not refunded); only the cheaper trip's difference goes back.
      expect(await money(ticket.id)).toMatchObject({ paid: 19.99, refunded: 0, moved: 19.99 });
      expect(await money(up.ticket.id)).toMatchObject({ paid: 30, refunded: 10.01, moved: 19.99 });
      expect(await money(down.ticket.id)).toMatchObject({ paid: 19.99, refunded: 0, moved: 0 });
      // The card was charged 19.99 and 10.01 and got 10.01 back (from the oldest charge first).
      const sum = (cents: number[]) => cents.reduce((a, b) => a + b, 0);
      expect(sum(gateway.charges.map((c) => c.amountCents))).toBe(3000);
      expect(sum(gateway.charges.map((c) => c.refundedCents))).toBe(1001);
      for (const charge of gateway.charges)
        expect(charge.refundedCents).toBeLessThanOrEqual(charge.amountCents);
      const trail = (await opened().history.of('ticket', up.ticket.id))._unsafeUnwrap();
      expect(trail.map((e) => e.action)).toEqual(['exchange', 'exchange']);
    });

    it('lets exactly one of ten tickets changing to one free seat take it', async () => {
      const { services, notifier } = bookingOnStorage(opened());
      for (let round = 0; round < 3; round++) {
        const route = await createRoute(services, 12);
        const tickets = await Promise.all(Array.from({ length: 10 }, (_, i) => sold(services, route, i + 1)));
        const results = await Promise.all(
          tickets.map((ticket) => services.ticketChanges.changeSeat(agent, ticket.id, 12)),
        );
        expect(results.filter((r) => r.isOk())).toHaveLength(1);
        expect(kinds(results)).toEqual(Array(9).fill('seat_unavailable'));
        await audit(opened(), route);
        const moved = results.find((r) => r.isOk())?._unsafeUnwrap() as Ticket;
        const from = tickets.find((t) => t.id === moved.id)?.seatNumber;
        const told = notifier.events.filter((e) => e.routeId === route.id && e.ticketId === moved.id);
        expect(told.map((e) => [e.eventType, e.seatNumber])).toEqual([
          ['seat_confirmed', from],
          ['seat_available', from],
          ['seat_confirmed', 12],
        ]);
        const logged = (await opened().events.readAfter(route.id, 10, 10))._unsafeUnwrap();
        expect(logged.filter(isSeatEvent).map((e) => [e.sequence, e.eventType])).toEqual([
          [11, 'seat_available'],
          [12, 'seat_confirmed'],
        ]);
      }
    });

    it('never lets a seat change and new bookings of the same seats share one', async () => {
      const { services } = bookingOnStorage(opened());
      const route = await createRoute(services, 6);
      const mine = await Promise.all([1, 2, 3].map((seat) => sold(services, route, seat)));
      const results = await Promise.all([
        ...mine.map((ticket, i) => services.ticketChanges.changeSeat(agent, ticket.id, 4 + i)),
        ...[4, 5, 6].map((seat) =>
          services.tickets.reserve(agent, {
            routeId: route.id,
            seatNumber: seat,
            passengerName: 'Late',
            gender: 'other',
          }),
        ),
      ]);
      // Each of seats 4, 5 and 6 went to exactly one of its two contenders.
      expect(results.filter((r) => r.isOk())).toHaveLength(3);
      expect(kinds(results)).toEqual(Array(3).fill('seat_unavailable'));
      await audit(opened(), route);
    });
  },
);
