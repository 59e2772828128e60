import { ScheduleService, type Route } from '@booking/core';
import { luxonTimeZoneCalendar } from '@booking/time-zones';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError, snapshot, startApi, type Answer, type Harness } from './test-support/harness';

const NOW = '2030-01-01T08:00:00.000Z';

let api: Harness;
beforeAll(async () => {
  api = await startApi((booking) => ({
    schedules: new ScheduleService({ ...booking.ports, timeZones: luxonTimeZoneCalendar }),
  }));
  api.booking.clock.set(NOW);
});
afterAll(() => api.close());
afterEach(() => api.booking.clock.set(NOW));

let lines = 0;
const schedule = (overrides: object = {}) => {
  lines += 1;
  return {
    fromCity: `Istanbul ${lines}`,
    toCity: `Ankara ${lines}`,
    stations: [`Bolu ${lines}`],
    stopOffsetsMinutes: [0, 180, 300],
    departureTimes: ['09:00'],
    daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
    startDate: '2030-03-25',
    endDate: '2030-04-02',
    timeZone: 'Europe/Istanbul',
    seatCount: 10,
    price: 25,
    ...overrides,
  };
};
const post = (body: object, headers: Record<string, string> = {}, token = api.tokens.admin) =>
  api.request('POST', '/schedules', { token, body, headers });

interface ScheduleAnswer {
  id: string;
  routeIds: string[];
  created: boolean;
  alreadyScheduled: string[];
}
const routesOf = async (answer: Answer) =>
  Promise.all(
    (answer.body as ScheduleAnswer).routeIds.map(
      async (id) => (await api.request('GET', `/routes/${id}`)).body as Route,
    ),
  );

describe('POST /schedules', () => {
  it('makes one route per day in Istanbul, at 09:00 local (06:00 UTC) all year, with stop times', async () => {
    const answer = await post(schedule());
    expect(answer.status).toBe(201);
    const routes = await routesOf(answer);
    expect(routes.map((r) => r.departureAt)).toEqual(
      ['25', '26', '27', '28', '29', '30', '31']
        .map((d) => `2030-03-${d}T06:00:00.000Z`)
        .concat(['01', '02'].map((d) => `2030-04-${d}T06:00:00.000Z`)),
    );
    expect(routes[0]?.stopTimes).toEqual([
      '2030-03-25T06:00:00.000Z',
      '2030-03-25T09:00:00.000Z',
      '2030-03-25T11:00:00.000Z',
    ]);
    expect(answer.body).toMatchObject({ created: true, alreadyScheduled: [], timeZone: 'Europe/Istanbul' });
  });

  it('follows Berlin across the spring change: 09:00 is 08:00 UTC before it and 07:00 UTC after', async () => {
    // 2030-03-31 is the last Sunday of March.
    const answer = await post(
      schedule({ timeZone: 'Europe/Berlin', startDate: '2030-03-29', endDate: '2030-04-01' }),
    );
    expect(answer.status).toBe(201);
    expect((await routesOf(answer)).map((r) => r.departureAt)).toEqual([
      '2030-03-29T08:00:00.000Z',
      '2030-03-30T08:00:00.000Z',
      '2030-03-31T07:00:00.000Z',
      '2030-04-01T07:00:00.000Z',
    ]);
  });

  it('departs at the first 02:30 of the autumn night when Berlin’s clocks go back', async () => {
    const answer = await post(
      schedule({
        timeZone: 'Europe/Berlin',
        departureTimes: ['02:30'],
        startDate: '2030-10-27',
        endDate: '2030-10-27',
      }),
    );
    expect((await routesOf(answer)).map((r) => r.departureAt)).toEqual(['2030-10-27T00:30:00.000Z']);
  });

  it('refuses 02:30 on the night Berlin’s clocks skip it with 400, naming the day, and makes nothing', async () => {
    const before = snapshot(api.booking);
    const answer = await post(
      schedule({
        timeZone: 'Europe/Berlin',
        departureTimes: ['01:00', '02:30', '03:00'],
        startDate: '2030-03-24',
        endDate: '2030-04-07',
        daysOfWeek: [7],
      }),
    );
    expectError(answer, 400, 'validation_failed');
    expect((answer.body as { error: { details: unknown[] } }).error.details).toEqual([
      { path: '', message: '2030-03-31 02:30 does not exist in Europe/Berlin' },
    ]);
    expect(snapshot(api.booking)).toBe(before);
  });

  it('never duplicates a departure: the same body again answers the same schedule (200), adding nothing', async () => {
    const body = schedule();
    const first = (await post(body)).body as ScheduleAnswer;
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.id, routeIds: first.routeIds, created: false });
    const routes = (await api.request('GET', `/routes?from=${encodeURIComponent(body.fromCity)}`)).body as {
      routes: Route[];
    };
    expect(routes.routes).toHaveLength(first.routeIds.length);
  });

  it('answers a repeat with the same Idempotency-Key with the first answer', async () => {
    const body = schedule();
    const headers = { 'Idempotency-Key': `schedule-${lines}` };
    const first = await post(body, headers);
    const again = await post(body, headers);
    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first.body });
    expectError(await post({ ...body, price: 26 }, headers), 409, 'idempotency_conflict');
  });

  it('leaves the departures of the line that an overlapping schedule made to it', async () => {
    const march = schedule({ startDate: '2030-03-25', endDate: '2030-03-31' });
    const first = (await post(march)).body as ScheduleAnswer;
    const overlapping = await post({ ...march, startDate: '2030-03-30', endDate: '2030-04-02' });
    expect(overlapping.status).toBe(201);
    const second = overlapping.body as ScheduleAnswer;
    expect(second.alreadyScheduled).toEqual(first.routeIds.slice(-2));
    expect(second.routeIds).toHaveLength(2); // April 1 and 2
    const all = (await api.request('GET', `/routes?from=${encodeURIComponent(march.fromCity)}`)).body as {
      routes: Route[];
    };
    expect(all.routes).toHaveLength(9);
  });

  it('leaves out the departures already past', async () => {
    api.booking.clock.set('2030-03-26T07:00:00.000Z');
    const answer = await post(schedule({ startDate: '2030-03-25', endDate: '2030-03-28' }));
    expect((await routesOf(answer)).map((r) => r.departureAt)).toEqual([
      '2030-03-27T06:00:00.000Z',
      '2030-03-28T06:00:00.000Z',
    ]);
  });

  it.each<[string, object]>([
    ['endDate before startDate', { startDate: '2030-04-02', endDate: '2030-04-01' }],
    ['400 days', { startDate: '2030-01-01', endDate: '2031-02-04' }],
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }],
    ['a time of 25:00', { departureTimes: ['25:00'] }],
    ['no times', { departureTimes: [] }],
    ['day 8', { daysOfWeek: [8] }],
    ['offsets that go back', { stopOffsetsMinutes: [0, 180, 170] }],
    ['offsets for two stops of three', { stopOffsetsMinutes: [0, 180] }],
    ['a first offset other than 0', { stopOffsetsMinutes: [10, 180, 300] }],
    ['a date that is no date', { startDate: '2030-02-30' }],
    ['no seats', { seatCount: 0 }],
    ['a departureAt (a route field)', { departureAt: '2030-03-25T06:00:00Z' }],
  ])('refuses %s with 400 validation_failed, making nothing', async (_why, overrides) => {
    const before = snapshot(api.booking);
    expectError(await post(schedule(overrides)), 400, 'validation_failed');
    expect(snapshot(api.booking)).toBe(before);
  });

  it('is for admins only', async () => {
    expectError(await post(schedule(), {}, api.tokens.agent), 403, 'forbidden');
    expectError(await api.request('POST', '/schedules', { body: schedule() }), 401, 'unauthorized');
  });
});

describe('GET /schedules and GET /schedules/:id', () => {
  it('lists the schedules and tells one with its routes, to admins and agents', async () => {
    const made = (await post(schedule())).body as ScheduleAnswer;
    const one = await api.request('GET', `/schedules/${made.id}`, { token: api.tokens.agent });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: made.id, routeIds: made.routeIds });
    const list = await api.request('GET', '/schedules', { token: api.tokens.admin });
    expect((list.body as { schedules: { id: string }[] }).schedules.map((s) => s.id)).toContain(made.id);
    expectError(await api.request('GET', '/schedules', { token: api.tokens.customer }), 403, 'forbidden');
    expectError(
      await api.request('GET', '/schedules/00000000-0000-4000-8000-000000000000', {
        token: api.tokens.admin,
      }),
      404,
      'schedule_not_found',
    );
    expectError(
      await api.request('GET', '/schedules/nope', { token: api.tokens.admin }),
      400,
      'validation_failed',
    );
  });
});

describe('DELETE /schedules/:id', () => {
  it('removes the future routes nobody bought or held, and keeps the others', async () => {
    const made = (await post(schedule({ startDate: '2030-03-25', endDate: '2030-03-29' })))
      .body as ScheduleAnswer;
    const [departed, sold, held, free1, free2] = made.routeIds as [string, string, string, string, string];
    const sale = await api.request('POST', '/tickets', {
      token: api.tokens.customer,
      body: { routeId: sold, seatNumber: 1, passengerName: 'Ada', gender: 'female' },
    });
    expect(sale.status).toBe(201);
    const hold = await api.request('POST', '/holds', {
      token: api.tokens.customer,
      body: { routeId: held, seatNumbers: [2] },
    });
    expect(hold.status).toBe(201);
    api.booking.clock.set('2030-03-25T07:00:00.000Z'); // the first bus has left
    const removal = await api.request('DELETE', `/schedules/${made.id}`, { token: api.tokens.admin });
    expect(removal.status).toBe(200);
    expect(removal.body).toEqual({
      scheduleId: made.id,
      removed: [free1, free2],
      kept: [departed, sold, held],
    });
    expectError(await api.request('GET', `/routes/${free1}`), 404, 'route_not_found');
    expect((await api.request('GET', `/routes/${sold}`)).status).toBe(200);
    expectError(
      await api.request('GET', `/schedules/${made.id}`, { token: api.tokens.admin }),
      404,
      'schedule_not_found',
    );
    expectError(
      await api.request('DELETE', `/schedules/${made.id}`, { token: api.tokens.agent }),
      403,
      'forbidden',
    );
  });
});
