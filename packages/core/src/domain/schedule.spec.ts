import { describe, expect, it } from '@jest/globals';
import type { TimeZoneCalendar } from '../ports/time-zone-calendar.port';
import { buildSchedule, scheduleDepartures, type NewSchedule } from './schedule';

const NOW = '2030-01-01T08:00:00.000Z';

/**
 * A stand-in for the adapter (core tests use no adapter package): one zone three hours ahead of
 * UTC all year, as Istanbul is. The daylight-saving cases run against the real calendar, in the
 * time-zones package and over REST.
 */
const plusThree: TimeZoneCalendar = {
  isTimeZone: (zone) => zone === 'Etc/Plus3',
  instantOf: (date, time) => ({
    kind: 'exact',
    at: new Date(Date.parse(`${date}T${time}:00.000+03:00`)).toISOString(),
  }),
};

const newSchedule = (overrides: Partial<NewSchedule> = {}): NewSchedule => ({
  fromCity: 'Istanbul',
  toCity: 'Ankara',
  stations: ['Bolu'],
  stopOffsetsMinutes: [0, 180, 300],
  departureTimes: ['21:30', '09:00', '09:00'],
  daysOfWeek: [5, 1],
  startDate: '2030-06-03',
  endDate: '2030-06-16',
  timeZone: 'Etc/Plus3',
  seatCount: 40,
  price: 30,
  ...overrides,
});

const problemsOf = (input: NewSchedule): string[] => {
  const built = buildSchedule(input, 's-1', NOW, plusThree);
  if (built.isOk()) throw new Error('expected the schedule to be refused');
  return (built.error as { details: string[] }).details;
};

describe('buildSchedule', () => {
  it('keeps the definition with its times and days sorted, without repeats', () => {
    const schedule = buildSchedule(newSchedule(), 's-1', NOW, plusThree)._unsafeUnwrap();
    expect(schedule).toMatchObject({
      id: 's-1',
      stations: ['Bolu'],
      departureTimes: ['09:00', '21:30'],
      daysOfWeek: [1, 5],
      layout: '2+2',
      decks: 1,
      segmentPrices: [],
    });
    // The same definition written in another order is the same schedule.
    const again = buildSchedule(
      newSchedule({ departureTimes: ['09:00', '21:30'], daysOfWeek: [1, 5, 5] }),
      's-2',
      NOW,
      plusThree,
    )._unsafeUnwrap();
    expect(again.key).toBe(schedule.key);
    const longer = buildSchedule(
      newSchedule({ endDate: '2030-06-30' }),
      's-3',
      NOW,
      plusThree,
    )._unsafeUnwrap();
    expect(longer.key).not.toBe(schedule.key);
    expect(longer.lineKey).toBe(schedule.lineKey);
  });

  it.each<[string, Partial<NewSchedule>, string]>([
    ['endDate before startDate', { endDate: '2030-06-02' }, 'endDate is not before startDate'],
    ['367 days', { startDate: '2030-01-01', endDate: '2031-01-02' }, 'a schedule covers at most 366 days'],
    [
      'a day that does not exist',
      { endDate: '2030-02-30' },
      'startDate and endDate are days written YYYY-MM-DD',
    ],
    ['a time of 24:00', { departureTimes: ['24:00'] }, 'every departure time is HH:MM, from 00:00 to 23:59'],
    ['no time', { departureTimes: [] }, 'departureTimes has 1 to 24 times'],
    ['day 0', { daysOfWeek: [0] }, 'daysOfWeek has days from 1 (Monday) to 7 (Sunday)'],
    ['an unknown zone', { timeZone: 'Mars/Olympus' }, 'timeZone is an IANA time zone, e.g. Europe/Istanbul'],
    [
      'offsets that decrease',
      { stopOffsetsMinutes: [0, 180, 120] },
      'stopOffsetsMinutes starts at 0 and does not decrease',
    ],
    [
      'offsets not from 0',
      { stopOffsetsMinutes: [5, 180, 300] },
      'stopOffsetsMinutes starts at 0 and does not decrease',
    ],
    [
      'an offset missing',
      { stopOffsetsMinutes: [0, 180] },
      'stopOffsetsMinutes has one whole number of minutes per stop (3), at most 10080',
    ],
    ['no seats', { seatCount: 0 }, 'seatCount is a whole number from 1 to 100'],
  ])('refuses %s', (_why, overrides, problem) => {
    expect(problemsOf(newSchedule(overrides))).toEqual([problem]);
  });

  it('accepts 366 days', () => {
    expect(
      buildSchedule(
        newSchedule({ startDate: '2032-01-01', endDate: '2032-12-31' }),
        's',
        NOW,
        plusThree,
      ).isOk(),
    ).toBe(true);
  });
});

describe('scheduleDepartures', () => {
  it('makes one route per matching day and time, with stop times from the offsets', () => {
    const schedule = buildSchedule(newSchedule(), 's-1', NOW, plusThree)._unsafeUnwrap();
    let n = 0;
    const departures = scheduleDepartures(schedule, NOW, plusThree, () => `r-${++n}`)._unsafeUnwrap();
    // 2030-06-03 is a Monday: Mondays 3 and 10, Fridays 7 and 14, twice a day.
    expect(departures.map((d) => `${d.localDate} ${d.localTime}`)).toEqual([
      '2030-06-03 09:00',
      '2030-06-03 21:30',
      '2030-06-07 09:00',
      '2030-06-07 21:30',
      '2030-06-10 09:00',
      '2030-06-10 21:30',
      '2030-06-14 09:00',
      '2030-06-14 21:30',
    ]);
    expect(departures[1]?.route).toMatchObject({
      id: 'r-2',
      stops: ['Istanbul', 'Bolu', 'Ankara'],
      departureAt: '2030-06-03T18:30:00.000Z',
      stopTimes: ['2030-06-03T18:30:00.000Z', '2030-06-03T21:30:00.000Z', '2030-06-03T23:30:00.000Z'],
    });
  });

  it('leaves out the departures already past', () => {
    const schedule = buildSchedule(
      newSchedule({ stopOffsetsMinutes: undefined }),
      's-1',
      NOW,
      plusThree,
    )._unsafeUnwrap();
    const departures = scheduleDepartures(
      schedule,
      '2030-06-03T07:00:00.000Z',
      plusThree,
      () => 'r',
    )._unsafeUnwrap();
    expect(departures[0]).toMatchObject({ localTime: '21:30', route: { stopTimes: null } });
    expect(departures).toHaveLength(7);
  });

  it('refuses the whole schedule, naming the days, when a local time is skipped', () => {
    const skipping: TimeZoneCalendar = {
      ...plusThree,
      instantOf: (date, time, zone) =>
        date === '2030-06-07' && time === '09:00'
          ? { kind: 'skipped' }
          : plusThree.instantOf(date, time, zone),
    };
    const schedule = buildSchedule(newSchedule(), 's-1', NOW, plusThree)._unsafeUnwrap();
    const refused = scheduleDepartures(schedule, NOW, skipping, () => 'r')._unsafeUnwrapErr();
    expect(refused).toMatchObject({
      kind: 'validation_failed',
      details: ['2030-06-07 09:00 does not exist in Etc/Plus3'],
    });
  });
});
