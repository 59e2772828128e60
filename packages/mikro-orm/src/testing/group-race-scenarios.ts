import { expect } from '@jest/globals';
import { genderAdjacencyPolicy, type DomainError, type Gender } from '@booking/core';
import type { Result } from 'neverthrow';
import type { MikroOrmStorage } from '../open-storage';
import { bookingOnStorage, createRoute, customerOf } from './booking-on-storage';

const passengers = (seats: number[], gender: Gender = 'female') =>
  seats.map((seatNumber) => ({ seatNumber, passengerName: `Seat ${seatNumber}`, gender }));
const kinds = (results: Result<unknown, DomainError>[]) =>
  results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().kind);

/**
 * Two groups that share one seat book at once (seats given in opposite orders): exactly one wins,
 * the other is one `seat_unavailable` naming the shared seat, and not one of its seats remains.
 */
export async function groupsRaceForOneSeat(storage: MikroOrmStorage): Promise<void> {
  const { services } = bookingOnStorage(storage);
  const route = await createRoute(services, 10);
  const results = await Promise.all([
    services.tickets.reserveGroup(customerOf(route, 1), {
      routeId: route.id,
      passengers: passengers([1, 2, 5]),
    }),
    services.tickets.reserveGroup(customerOf(route, 2), {
      routeId: route.id,
      passengers: passengers([9, 8, 5, 3]),
    }),
  ]);
  expect(results.filter((r) => r.isOk())).toHaveLength(1);
  expect(results.find((r) => r.isErr())?._unsafeUnwrapErr()).toMatchObject({
    kind: 'seat_unavailable',
    seatNumbers: [5],
  });
  const winner = results.find((r) => r.isOk())?._unsafeUnwrap();
  const stored = (await storage.tickets.findOccupying(route.id))._unsafeUnwrap();
  expect(stored.map((t) => t.pnrNumber)).toEqual(stored.map(() => winner?.pnrNumber));
  expect(stored).toHaveLength(winner?.tickets.length ?? -1);
  const events = (await storage.events.readAfter(route.id, 0, 100))._unsafeUnwrap();
  expect(events.map((e) => e.sequence)).toEqual(stored.map((_, i) => i + 1));
}

/**
 * With gender adjacency on, a woman and a man book the two seats of one row pair at once (no seat
 * is shared, so only the rule can refuse): never both succeed, and exactly one does.
 */
export async function genderAdjacencyRace(storage: MikroOrmStorage): Promise<void> {
  const { services } = bookingOnStorage(storage, { seatPolicies: [genderAdjacencyPolicy()] });
  const route = await createRoute(services, 8);
  const results = await Promise.all([
    services.tickets.reserveGroup(customerOf(route, 1), {
      routeId: route.id,
      passengers: passengers([1], 'female'),
    }),
    services.tickets.reserve(customerOf(route, 2), {
      routeId: route.id,
      seatNumber: 2,
      passengerName: 'Him',
      gender: 'male',
    }),
  ]);
  expect(results.filter((r) => r.isOk())).toHaveLength(1);
  expect(kinds(results)).toEqual(['seat_rule_violation']);
  const stored = (await storage.tickets.findOccupying(route.id))._unsafeUnwrap();
  expect(stored).toHaveLength(1);
}
