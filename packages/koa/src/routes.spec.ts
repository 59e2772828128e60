import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errorCode, startApi, type Harness } from './test-support/harness';

const ROUTE_FIELDS = [
  'cancelReason',
  'decks',
  'departureAt',
  'fromCity',
  'id',
  'layout',
  'price',
  'scheduledDepartureAt',
  'seatCount',
  'status',
  'stopTimes',
  'stops',
  'toCity',
  'updatedAt',
];
const newRoute = {
  fromCity: 'Ankara',
  toCity: 'Izmir',
  stations: ['Eskisehir', 'Usak'],
  departureAt: '2030-03-01T10:30:00+03:00',
  seatCount: 40,
  price: 19.5,
  layout: '2+1',
};

let api: Harness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('POST /routes', () => {
  it('lets an admin create a route and answers it with the contract fields', async () => {
    const answer = await api.request('POST', '/routes', { token: api.tokens.admin, body: newRoute });
    expect(answer.status).toBe(201);
    const route = answer.body as Record<string, unknown>;
    expect(Object.keys(route).sort()).toEqual(ROUTE_FIELDS);
    expect(route).toMatchObject({
      fromCity: 'Ankara',
      toCity: 'Izmir',
      stops: ['Ankara', 'Eskisehir', 'Usak', 'Izmir'],
      departureAt: '2030-03-01T07:30:00.000Z',
      seatCount: 40,
      price: 19.5,
      layout: '2+1',
      status: 'scheduled',
      cancelReason: null,
      stopTimes: null,
      scheduledDepartureAt: '2030-03-01T07:30:00.000Z',
    });
    const read = await api.request('GET', `/routes/${route.id as string}`);
    expect(read.body).toEqual(route);
  });

  it('shows segment prices when a route has them', async () => {
    const answer = await api.request('POST', '/routes', {
      token: api.tokens.admin,
      body: { ...newRoute, segmentPrices: [{ fromCity: 'Ankara', toCity: 'Usak', price: 12 }] },
    });
    expect(answer.status).toBe(201);
    expect((answer.body as { segmentPrices: unknown }).segmentPrices).toEqual([
      { fromCity: 'Ankara', toCity: 'Usak', price: 12 },
    ]);
  });

  it.each([
    ['agent', 'forbidden', 403],
    ['customer', 'forbidden', 403],
  ] as const)('refuses a %s with 403', async (role, code, status) => {
    const answer = await api.request('POST', '/routes', { token: api.tokens[role], body: newRoute });
    expect(answer.status).toBe(status);
    expect(errorCode(answer)).toBe(code);
  });

  it('refuses a missing or invalid token with 401', async () => {
    for (const headers of [
      {},
      { Authorization: 'Bearer not.a.token' },
      { Authorization: 'Basic abc' },
    ] as Record<string, string>[]) {
      const answer = await api.request('POST', '/routes', { body: newRoute, headers });
      expect(answer.status).toBe(401);
      expect(errorCode(answer)).toBe('unauthorized');
    }
  });

  it.each([
    ['a missing field', { ...newRoute, price: undefined }, 'price'],
    ['a seat count over 100', { ...newRoute, seatCount: 101 }, 'seatCount'],
    ['a fractional seat count', { ...newRoute, seatCount: 2.5 }, 'seatCount'],
    ['a zero price', { ...newRoute, price: 0 }, 'price'],
    ['three decimals', { ...newRoute, price: 1.005 }, 'price'],
    ['a date that is not ISO-8601', { ...newRoute, departureAt: 'tomorrow' }, 'departureAt'],
    ['an unknown layout', { ...newRoute, layout: '3+3' }, 'layout'],
    ['an oversized city', { ...newRoute, fromCity: 'x'.repeat(101) }, 'fromCity'],
    ['an unknown field', { ...newRoute, color: 'red' }, ''],
    ['a number as a city', { ...newRoute, toCity: 7 }, 'toCity'],
  ])('answers 400 validation_failed for %s, creating nothing', async (_name, body, path) => {
    const before = api.booking.ports.db.routes.size;
    const answer = await api.request('POST', '/routes', { token: api.tokens.admin, body });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('validation_failed');
    const details = (answer.body as { error: { details: { path: string }[] } }).error.details;
    expect(details.map((d) => d.path)).toContain(path);
    expect(api.booking.ports.db.routes.size).toBe(before);
  });

  it('answers 400 for what only the core can check: a departure in the past, a repeated city', async () => {
    for (const body of [
      { ...newRoute, departureAt: '2029-12-31T00:00:00Z' },
      { ...newRoute, stations: ['Ankara'] },
    ]) {
      const answer = await api.request('POST', '/routes', { token: api.tokens.admin, body });
      expect(answer.status).toBe(400);
      expect(errorCode(answer)).toBe('validation_failed');
    }
  });
});

describe('GET /routes', () => {
  it('finds routes by cities in order and by departure day', async () => {
    const route = await api.route({ departureAt: '2030-07-04T23:30:00.000Z' });
    const [from, , middle, , to] = route.stops as [string, string, string, string, string];
    const found = async (query: string) =>
      ((await api.request('GET', `/routes?${query}`)).body as { routes: { id: string }[] }).routes.map(
        (r) => r.id,
      );
    expect(await found(`from=${from}&to=${to}`)).toEqual([route.id]);
    expect(await found(`from=${middle}&to=${to}&date=2030-07-04`)).toEqual([route.id]);
    expect(await found(`from=${to}&to=${from}`)).toEqual([]);
    expect(await found(`from=${from}&date=2030-07-05`)).toEqual([]);
    expect(await found('')).toContain(route.id);
  });

  it.each(['date=2030-13-01', 'date=04.07.2030', 'from=', 'colour=red', 'from=a&from=b'])(
    'answers 400 validation_failed for ?%s',
    async (query) => {
      const answer = await api.request('GET', `/routes?${query}`);
      expect(answer.status).toBe(400);
      expect(errorCode(answer)).toBe('validation_failed');
    },
  );
});

describe('GET /routes/:routeId', () => {
  it('answers 404 route_not_found for an unknown id and 400 for an id that is not a UUID', async () => {
    const missing = await api.request('GET', '/routes/7d1f2c9e-3b4a-4c5d-8e6f-0a1b2c3d4e5f');
    expect(missing.status).toBe(404);
    expect(errorCode(missing)).toBe('route_not_found');
    const bad = await api.request('GET', '/routes/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('validation_failed');
  });
});

describe('GET /routes/:routeId/seats', () => {
  it('answers every seat of a segment with the route sequence', async () => {
    const route = await api.route({ seatCount: 4 });
    const booked = await api.request('POST', '/tickets', {
      token: api.tokens.customer,
      body: {
        routeId: route.id,
        seatNumber: 2,
        passengerName: 'Ada',
        gender: 'female',
        toCity: route.stops[2],
      },
    });
    expect(booked.status).toBe(201);

    const whole = await api.request('GET', `/routes/${route.id}/seats`);
    expect(whole.status).toBe(200);
    expect(whole.body).toEqual({
      routeId: route.id,
      sequence: 1,
      fromStopIndex: 0,
      toStopIndex: 4,
      seats: [
        { seatNumber: 1, status: 'available', deck: 1, row: 1, column: 1 },
        { seatNumber: 2, status: 'reserved', gender: 'female', deck: 1, row: 1, column: 2 },
        { seatNumber: 3, status: 'available', deck: 1, row: 1, column: 3 },
        { seatNumber: 4, status: 'available', deck: 1, row: 1, column: 4 },
      ],
      departure: { status: 'scheduled', departureAt: route.departureAt },
    });
    const later = await api.request('GET', `/routes/${route.id}/seats?fromCity=${route.stops[2]}`);
    expect((later.body as { seats: { status: string }[] }).seats.every((s) => s.status === 'available')).toBe(
      true,
    );
  });

  it('answers 422 invalid_segment for cities off the route or in the wrong order, 404 for no route', async () => {
    const route = await api.route();
    for (const query of [`fromCity=Nowhere`, `fromCity=${route.stops[3]}&toCity=${route.stops[1]}`]) {
      const answer = await api.request('GET', `/routes/${route.id}/seats?${query}`);
      expect(answer.status).toBe(422);
      expect(errorCode(answer)).toBe('invalid_segment');
    }
    const missing = await api.request('GET', '/routes/7d1f2c9e-3b4a-4c5d-8e6f-0a1b2c3d4e5f/seats');
    expect(errorCode(missing)).toBe('route_not_found');
  });
});
