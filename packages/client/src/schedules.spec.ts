import { describe, expect, it } from '@jest/globals';
import { useWatchTestServer } from './test-support/watch-test-suite';

/** A client that only calls the REST API never needs its socket to connect. */
const REST_ONLY = { autoConnect: false };

const timetable = {
  fromCity: 'Istanbul',
  toCity: 'Ankara',
  stations: ['Bolu'],
  stopOffsetsMinutes: [0, 180, 300],
  departureTimes: ['09:00', '21:30'],
  daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
  startDate: '2030-06-01',
  endDate: '2030-06-03',
  timeZone: 'Europe/Istanbul',
  seatCount: 40,
  price: 30,
};

describe('timetables through BookingClient', () => {
  const suite = useWatchTestServer({ forceNew: true });

  it('creates, lists, reads and deletes a schedule', async () => {
    const admin = suite.connect(REST_ONLY, await suite.server.token('admin'));
    const made = await admin.createSchedule(timetable);
    expect(made).toMatchObject({ created: true, alreadyScheduled: [], departureTimes: ['09:00', '21:30'] });
    expect(made.routeIds).toHaveLength(6);
    expect((await admin.createSchedule(timetable)).routeIds).toEqual(made.routeIds);
    expect((await admin.listSchedules()).schedules.map((s) => s.id)).toEqual([made.id]);
    expect(await admin.getSchedule(made.id.toUpperCase())).toMatchObject({
      id: made.id,
      routeIds: made.routeIds,
    });
    expect(await admin.deleteSchedule(made.id)).toEqual({
      scheduleId: made.id,
      removed: made.routeIds,
      kept: [],
    });
    await expect(admin.getSchedule(made.id)).rejects.toMatchObject({
      code: 'schedule_not_found',
      status: 404,
    });
  });

  it('answers the server refusals as RestErrors', async () => {
    const admin = suite.connect(REST_ONLY, await suite.server.token('admin'));
    const agent = suite.connect(REST_ONLY, await suite.server.token('agent'));
    await expect(agent.createSchedule(timetable)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(
      admin.createSchedule({
        ...timetable,
        timeZone: 'Europe/Berlin',
        departureTimes: ['02:30'],
        startDate: '2030-03-31',
        endDate: '2030-03-31',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', status: 400 });
  });
});
