import { expect } from '@jest/globals';
import {
  cryptoIdGenerator,
  isSeatEvent,
  saveTransitions,
  SYSTEM,
  transition,
  type DomainError,
  type Ticket,
} from '@booking/core';
import type { Result } from 'neverthrow';
import type { MikroOrmStorage } from '../open-storage';
import { Sql } from '../sql';
import { OVERLAPPING_TICKETS_SQL } from './audit-sql';
import { bookingOnStorage, createRoute, customerOf } from './booking-on-storage';

const kinds = (results: Result<unknown, DomainError>[]) =>
  results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().kind);

/** `attempts` customers reserve seat 1 of one route at once, through the core's reserve use case. */
export async function raceForOneSeat(storage: MikroOrmStorage, attempts: number): Promise<void> {
  const { services } = bookingOnStorage(storage);
  const route = await createRoute(services, 10);
  const results = await Promise.all(
    Array.from({ length: attempts }, (_, i) =>
      services.tickets.reserve(customerOf(route, i), {
        routeId: route.id,
        seatNumber: 1,
        passengerName: `Passenger ${i}`,
        gender: 'other',
      }),
    ),
  );
  expect(results.filter((r) => r.isOk())).toHaveLength(1);
  expect(kinds(results)).toEqual(Array(attempts - 1).fill('seat_unavailable'));
  expect((await storage.tickets.findOccupying(route.id))._unsafeUnwrap()).toHaveLength(1);
  expect((await storage.events.currentSequence(route.id))._unsafeUnwrap()).toBe(1);
}

/** A small seeded generator (mulberry32), so a failing run can be repeated exactly. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `attempts` reservations over random overlapping segments of a 10-seat, 5-stop route, all at once;
 * then an audit query straight on the table must find no two occupying tickets that overlap.
 */
export async function raceOverSegments(
  storage: MikroOrmStorage,
  attempts: number,
  seed: number,
): Promise<void> {
  const { services } = bookingOnStorage(storage);
  const route = await createRoute(services, 10);
  const next = random(seed);
  const results = await Promise.all(
    Array.from({ length: attempts }, (_, i) => {
      const from = Math.floor(next() * 4);
      const to = from + 1 + Math.floor(next() * (4 - from));
      return services.tickets.reserve(customerOf(route, i), {
        routeId: route.id,
        seatNumber: 1 + Math.floor(next() * 10),
        fromCity: route.stops[from],
        toCity: route.stops[to],
        passengerName: `Passenger ${i}`,
        gender: 'female',
      });
    }),
  );
  const won = results.filter((r) => r.isOk()).length;
  // The workload really contends (some refusals) and refusals are all clean `seat_unavailable`.
  expect(won).toBeGreaterThan(0);
  expect(won).toBeLessThan(attempts);
  expect(new Set(kinds(results))).toEqual(new Set(['seat_unavailable']));

  const overlaps = await new Sql(storage.orm.em.getConnection())
    .rows<{ count: string }>(OVERLAPPING_TICKETS_SQL, [route.id])
    .map((rows) => Number(rows[0]?.count));
  expect(overlaps._unsafeUnwrap()).toBe(0);
  expect((await storage.tickets.findOccupying(route.id))._unsafeUnwrap()).toHaveLength(won);
  expect((await storage.events.currentSequence(route.id))._unsafeUnwrap()).toBe(won);
}

/** `bookings` customers book distinct seats of one route at once: the route's events are exactly 1..n. */
export async function concurrentSequences(storage: MikroOrmStorage, bookings: number): Promise<void> {
  const { services, notifier } = bookingOnStorage(storage);
  const route = await createRoute(services, bookings);
  const results = await Promise.all(
    Array.from({ length: bookings }, (_, i) =>
      services.tickets.reserve(customerOf(route, i), {
        routeId: route.id,
        seatNumber: i + 1,
        passengerName: `Passenger ${i}`,
        gender: 'male',
      }),
    ),
  );
  expect(kinds(results)).toEqual([]);
  const expected = Array.from({ length: bookings }, (_, i) => i + 1);
  const logged = (await storage.events.readAfter(route.id, 0, bookings + 10))._unsafeUnwrap();
  expect(logged.map((e) => e.sequence)).toEqual(expected);
  // Each event belongs to the ticket that was booked in the same commit.
  const tickets = new Map(results.map((r) => [r._unsafeUnwrap().id, r._unsafeUnwrap() as Ticket]));
  expect(logged.every((e) => isSeatEvent(e) && tickets.get(e.ticketId)?.seatNumber === e.seatNumber)).toBe(
    true,
  );
  expect(
    notifier.events
      .filter((e) => e.routeId === route.id)
      .map((e) => e.sequence)
      .sort((a, b) => a - b),
  ).toEqual(expected);
}

/**
 * A confirm and a cancel of one reservation, both computed from the version read before either
 * commits, written at once through the core's own `saveTransitions`: exactly one applies, the
 * other is refused cleanly (`invalid_transition`) and leaves nothing behind.
 */
export async function confirmRacesCancel(storage: MikroOrmStorage): Promise<void> {
  const { services } = bookingOnStorage(storage);
  const route = await createRoute(services, 10);
  const ticket = (
    await services.tickets.reserve(customerOf(route, 1), {
      routeId: route.id,
      seatNumber: 3,
      passengerName: 'Grace Hopper',
      gender: 'female',
    })
  )._unsafeUnwrap();
  const now = '2030-01-01T08:01:00.000Z';
  const write = (action: 'confirm' | 'cancel') => {
    const next = transition(ticket, action, now)._unsafeUnwrap();
    const ports = { clock: { now: () => new Date(now) }, ids: cryptoIdGenerator };
    return storage.unitOfWork.run((tx) => saveTransitions(tx, [next], ports, SYSTEM));
  };
  const [confirmed, cancelled] = await Promise.all([write('confirm'), write('cancel')]);
  const outcomes = [confirmed, cancelled];
  expect(outcomes.filter((r) => r.isOk())).toHaveLength(1);
  expect(kinds(outcomes)).toEqual(['invalid_transition']);
  const winner = (confirmed.isOk() ? confirmed : cancelled)._unsafeUnwrap();
  expect((await storage.tickets.findById(ticket.id))._unsafeUnwrap()).toEqual(winner.tickets[0]);
  expect(winner.tickets[0]?.version).toBe(2);
  const events = (await storage.events.readAfter(route.id, 0, 10))._unsafeUnwrap();
  const expectedTypes = confirmed.isOk()
    ? ['seat_reserved', 'seat_confirmed']
    : ['seat_reserved', 'seat_cancelled', 'seat_available'];
  expect(events.map((e) => e.eventType)).toEqual(expectedTypes);
  expect(events.map((e) => e.sequence)).toEqual(expectedTypes.map((_, i) => i + 1));
  // The trail has the booking and the one change that applied; the other rolled back with its entry.
  const trail = (await storage.history.of('ticket', ticket.id))._unsafeUnwrap();
  expect(trail.map((e) => e.action)).toEqual(['book', confirmed.isOk() ? 'confirm' : 'cancel']);
}
