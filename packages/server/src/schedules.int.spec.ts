import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { RunningServer } from './booking-server';
import { errorCode, request } from './test-support/http-client';
import {
  describeOnEachDatabase,
  reserveSeats,
  startTestServer,
  testAuth,
  type TestDatabase,
} from './test-support/test-server';

const { secret, token } = testAuth();

// The last Sunday of March next year and the days around it: Berlin's clocks jump from 02:00 to 03:00.
const year = new Date().getUTCFullYear() + 1;
const lastSundayOfMarch = (() => {
  const day = new Date(Date.UTC(year, 2, 31));
  day.setUTCDate(31 - day.getUTCDay());
  return day;
})();
const dayOffset = (days: number) =>
  new Date(lastSundayOfMarch.getTime() + days * 86_400_000).toISOString().slice(0, 10);

const berlin = (overrides: object = {}) => ({
  fromCity: 'Berlin',
  toCity: 'Hamburg',
  stations: ['Wittenberge'],
  stopOffsetsMinutes: [0, 90, 180],
  departureTimes: ['09:00'],
  daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
  startDate: dayOffset(-2),
  endDate: dayOffset(1),
  timeZone: 'Europe/Berlin',
  seatCount: 8,
  price: 20,
  ...overrides,
});

describeOnEachDatabase('timetables through the server', 'booking-schedules-', (open) => {
  let database: TestDatabase;
  let server: RunningServer;
  let admin: string;
  beforeAll(async () => {
    database = await open();
    server = await startTestServer(secret, database);
    admin = await token('admin');
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('makes the departures across the spring change, never twice, and deletes the unsold ones', async () => {
    const made = await request(server.url, 'POST', '/schedules', { token: admin, body: berlin() });
    expect([made.status, errorCode(made)]).toEqual([201, undefined]);
    const routeIds = made.body.routeIds as string[];
    const routes = await Promise.all(
      routeIds.map(async (id) => (await request(server.url, 'GET', `/routes/${id}`)).body),
    );
    // 09:00 in Berlin: 08:00 UTC before the change, 07:00 UTC from its Sunday on.
    expect(routes.map((r) => r.departureAt)).toEqual([
      `${dayOffset(-2)}T08:00:00.000Z`,
      `${dayOffset(-1)}T08:00:00.000Z`,
      `${dayOffset(0)}T07:00:00.000Z`,
      `${dayOffset(1)}T07:00:00.000Z`,
    ]);
    expect(routes[2]?.stopTimes).toEqual([
      `${dayOffset(0)}T07:00:00.000Z`,
      `${dayOffset(0)}T08:30:00.000Z`,
      `${dayOffset(0)}T10:00:00.000Z`,
    ]);

    const again = await request(server.url, 'POST', '/schedules', { token: admin, body: berlin() });
    expect([again.status, again.body.id, again.body.routeIds]).toEqual([200, made.body.id, routeIds]);
    const listed = await request(server.url, 'GET', '/routes?from=Berlin&to=Hamburg');
    expect((listed.body.routes as unknown[]).length).toBe(4);

    await reserveSeats(server.url, await token('customer'), routeIds[1] as string, [1]);
    const removal = await request(server.url, 'DELETE', `/schedules/${made.body.id}`, { token: admin });
    expect(removal.body).toEqual({
      scheduleId: made.body.id,
      removed: [routeIds[0], routeIds[2], routeIds[3]],
      kept: [routeIds[1]],
    });
    expect((await request(server.url, 'GET', `/routes/${routeIds[0]}`)).status).toBe(404);
  });

  it('refuses a local time the clocks skip, naming the day, and makes nothing', async () => {
    const body = berlin({ fromCity: 'Leipzig', departureTimes: ['02:30'] });
    const refused = await request(server.url, 'POST', '/schedules', { token: admin, body });
    expect([refused.status, errorCode(refused)]).toEqual([400, 'validation_failed']);
    expect((refused.body.error as { details: unknown }).details).toEqual([
      { path: '', message: `${dayOffset(0)} 02:30 does not exist in Europe/Berlin` },
    ]);
    const listed = await request(server.url, 'GET', '/routes?from=Leipzig');
    expect(listed.body.routes).toEqual([]);
    expect((await request(server.url, 'GET', '/schedules', { token: admin })).body.schedules).toEqual([]);
  });
});
