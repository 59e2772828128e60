import { expect } from '@jest/globals';
import { DEFAULT_MAX_HELD_SEATS, type DomainError, type Route } from '@booking/core';
import type { Result } from 'neverthrow';
import type { MikroOrmStorage } from '../open-storage';
import { bookingOnStorage, createRoute, customerOf } from './booking-on-storage';

const refusals = (results: Result<unknown, DomainError>[]) =>
  results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().kind);

/**
 * One customer asks for `attempts` single seats over three routes at once (default limit, 10): the
 * owner lock lets exactly 10 through and refuses the rest with `hold_limit_reached`.
 */
export async function parallelHoldsOfOneCustomer(storage: MikroOrmStorage, attempts: number): Promise<void> {
  const { services, clock } = bookingOnStorage(storage);
  const routes = await Promise.all([1, 2, 3].map(() => createRoute(services, attempts)));
  const customer = customerOf(routes[0] as Route, 1);
  const results = await Promise.all(
    Array.from({ length: attempts }, (_, i) =>
      services.tickets.reserve(customer, {
        routeId: routes[i % 3]?.id as string,
        seatNumber: 1 + Math.floor(i / 3),
        passengerName: `Passenger ${i}`,
        gender: 'other',
      }),
    ),
  );
  expect(results.filter((r) => r.isOk())).toHaveLength(DEFAULT_MAX_HELD_SEATS);
  expect(new Set(refusals(results))).toEqual(new Set(['hold_limit_reached']));
  const held = await storage.tickets.countOpenHolds(customer.userId, clock.now().toISOString());
  expect(held._unsafeUnwrap()).toBe(DEFAULT_MAX_HELD_SEATS);
}

/** Eight groups of three seats of one customer at once: three groups (9 seats) fit under 10, no more. */
export async function parallelGroupsOfOneCustomer(storage: MikroOrmStorage): Promise<void> {
  const { services, clock } = bookingOnStorage(storage);
  const route = await createRoute(services, 24);
  const customer = customerOf(route, 1);
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, g) =>
      services.tickets.reserveGroup(customer, {
        routeId: route.id,
        passengers: [1, 2, 3].map((n) => ({
          seatNumber: g * 3 + n,
          passengerName: `P${n}`,
          gender: 'other',
        })),
      }),
    ),
  );
  expect(results.filter((r) => r.isOk())).toHaveLength(3);
  expect(new Set(refusals(results))).toEqual(new Set(['hold_limit_reached']));
  const held = await storage.tickets.countOpenHolds(customer.userId, clock.now().toISOString());
  expect(held._unsafeUnwrap()).toBe(9);
}
