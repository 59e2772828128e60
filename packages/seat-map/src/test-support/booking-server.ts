import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Route } from '@booking/core';
import { createLogger, parseConfig, startBookingServer, type RunningServer } from '@booking/server';

export const staff = { userId: 'seat-map-test-admin', role: 'admin' } as const;

/** A booking server on its own embedded database (made in a folder pushed to `dirs`); `env` adds settings. */
export async function startTestServer(
  jwtSecret: string,
  dirs: string[],
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'booking-seat-map-db-'));
  dirs.push(dataDir);
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_SAMPLE_ROUTE: 'false',
    LOG_LEVEL: 'silent',
    ...env,
  })._unsafeUnwrap();
  return startBookingServer({ ...config, jwtSecret }, createLogger('silent'));
}

/**
 * A 40-seat 2+2 bus with seats sold, reserved, held and suspended, so the map shows every status.
 * The reservations (4, 18, 27) are men's; the counter sales (1, 2, 6, 22, 23, 31, 35) `other`.
 */
export async function createRouteWithSales(server: RunningServer): Promise<Route> {
  const departure = new Date(Date.now() + 86_400_000);
  departure.setUTCHours(9, 0, 0, 0);
  const route = (
    await server.services.routes.create(staff, {
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      stations: ['Izmit', 'Bolu'],
      departureAt: departure.toISOString(),
      seatCount: 40,
      price: 450,
      layout: '2+2',
    })
  )._unsafeUnwrap();
  // Counter sales are sold at once; a customer's booking waits for payment; a hold keeps seats a while.
  for (const seatNumber of [1, 2, 6, 22, 23, 31]) await bookAtCounter(server, route, seatNumber);
  // A customer of this route alone: the limit of held seats counts across routes.
  const customer = { userId: `someone-on-${route.id}`, role: 'customer' } as const;
  for (const seatNumber of [4, 18, 27]) {
    const passenger = {
      routeId: route.id,
      seatNumber,
      passengerName: 'A. Traveller',
      gender: 'male',
    } as const;
    (await server.services.tickets.reserve(customer, passenger))._unsafeUnwrap();
  }
  (await server.services.holds.place(customer, { routeId: route.id, seatNumbers: [29, 30] }))._unsafeUnwrap();
  (await server.services.tickets.suspend(staff, (await bookAtCounter(server, route, 35)).id))._unsafeUnwrap();
  return route;
}

/** Sells a seat at the counter (confirmed at once). */
export async function bookAtCounter(
  server: RunningServer,
  route: Route,
  seatNumber: number,
  gender: 'female' | 'male' | 'other' = 'other',
) {
  const ticket = await server.services.tickets.reserve(staff, {
    routeId: route.id,
    seatNumber,
    passengerName: 'Counter Sale',
    gender,
  });
  return ticket._unsafeUnwrap();
}
