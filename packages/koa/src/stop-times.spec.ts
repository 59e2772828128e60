import type { Route } from '@booking/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError, startApi, type Harness } from './test-support/harness';

// Istanbul 09:00, Bolu 12:00, Ankara 14:00; the clock starts at 08:00.
const ISTANBUL = '2030-01-01T09:00:00.000Z';
const BOLU = '2030-01-01T12:00:00.000Z';
const ANKARA = '2030-01-01T14:00:00.000Z';
const BEFORE = '2030-01-01T08:00:00.000Z';
const AT_TEN = '2030-01-01T10:00:00.000Z';

let api: Harness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());
afterEach(() => api.booking.clock.set(BEFORE));

let routes = 0;
const body = (overrides: object = {}) => {
  routes += 1;
  return {
    fromCity: `Istanbul ${routes}`,
    toCity: `Ankara ${routes}`,
    stations: [`Bolu ${routes}`],
    departureAt: ISTANBUL,
    stopTimes: [ISTANBUL, BOLU, ANKARA],
    seatCount: 10,
    price: 25,
    ...overrides,
  };
};

async function createRoute(): Promise<Route> {
  const created = await api.request('POST', '/routes', { token: api.tokens.admin, body: body() });
  expect(created.status).toBe(201);
  return created.body as Route;
}

const book = (route: Route, seatNumber: number, fromStop: 0 | 1, token = api.tokens.customer) =>
  api.request('POST', '/tickets', {
    token,
    body: {
      routeId: route.id,
      seatNumber,
      passengerName: 'Ada',
      gender: 'female',
      fromCity: route.stops[fromStop],
      toCity: route.stops[fromStop + 1],
    },
  });

describe('POST /routes with stopTimes', () => {
  it('keeps one time per stop and tells them', async () => {
    const route = await createRoute();
    expect(route.stopTimes).toEqual([ISTANBUL, BOLU, ANKARA]);
    const read = await api.request('GET', `/routes/${route.id}`, { token: api.tokens.customer });
    expect((read.body as Route).stopTimes).toEqual([ISTANBUL, BOLU, ANKARA]);
  });

  it.each<[string, object]>([
    ['a time missing', { stopTimes: [ISTANBUL, ANKARA] }],
    ['a time before the stop before it', { stopTimes: [ISTANBUL, ANKARA, BOLU] }],
    ['a first time other than departureAt', { stopTimes: [BOLU, BOLU, ANKARA] }],
    ['a time that is no date', { stopTimes: [ISTANBUL, 'noon', ANKARA] }],
    ['a time that is no string', { stopTimes: [ISTANBUL, 12, ANKARA] }],
  ])('refuses %s with 400 validation_failed, creating nothing', async (_why, overrides) => {
    const before = (await api.request('GET', '/routes', { token: api.tokens.customer })).body as Route[];
    const answer = await api.request('POST', '/routes', { token: api.tokens.admin, body: body(overrides) });
    expectError(answer, 400, 'validation_failed');
    const after = (await api.request('GET', '/routes', { token: api.tokens.customer })).body as Route[];
    expect(after.length).toBe(before.length);
  });
});

describe('a segment closes at the time of its own first stop', () => {
  it('at 10:00 still sells Bolu-Ankara, no longer Istanbul-Bolu', async () => {
    const route = await createRoute();
    api.booking.clock.set(AT_TEN);
    expect((await book(route, 1, 1)).status).toBe(201);
    expectError(await book(route, 2, 0), 422, 'route_departed');
    const hold = await api.request('POST', '/holds', {
      token: api.tokens.customer,
      body: { routeId: route.id, seatNumbers: [3], fromCity: route.stops[1], toCity: route.stops[2] },
    });
    expect(hold.status).toBe(201);
    const map = await api.request(
      'GET',
      `/routes/${route.id}/seats?fromCity=${encodeURIComponent(route.stops[1] as string)}`,
      { token: api.tokens.customer },
    );
    expect(map.status).toBe(200);
  });

  it('lets a customer cancel a Bolu-Ankara ticket after the bus left Istanbul, not after it left Bolu', async () => {
    const route = await createRoute();
    api.booking.clock.set('2030-01-01T11:55:00.000Z');
    const [a, b] = [(await book(route, 1, 1)).body, (await book(route, 2, 1)).body].map(
      (t) => (t as { id: string }).id,
    );
    api.booking.clock.set('2030-01-01T11:58:00.000Z');
    expect((await api.request('POST', `/tickets/${a}/cancel`, { token: api.tokens.customer })).status).toBe(
      200,
    );
    api.booking.clock.set(BOLU);
    expectError(
      await api.request('POST', `/tickets/${b}/cancel`, { token: api.tokens.customer }),
      422,
      'route_departed',
    );
  });
});
