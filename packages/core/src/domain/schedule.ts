import { err, ok, type Result } from 'neverthrow';
import { errors, type DomainError } from './errors';
import { buildRoute, type NewRoute, type Route } from './route';
import type { Instant } from './time';
import type { TimeZoneCalendar } from '../ports/time-zone-calendar.port';

export const MAX_SCHEDULE_DAYS = 366;
export const MAX_DEPARTURE_TIMES = 24;
/** A stop is at most a week after the first. */
export const MAX_STOP_OFFSET_MINUTES = 7 * 24 * 60;

/** What an admin asks for: the departures of a date range, at local times in a time zone. */
export interface NewSchedule {
  fromCity: string;
  toCity: string;
  stations?: string[];
  /** Minutes from the departure to each stop's departure: one per stop, the first 0, not decreasing. */
  stopOffsetsMinutes?: number[];
  /** Local times of day, `HH:MM`. */
  departureTimes: string[];
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  daysOfWeek: number[];
  /** `YYYY-MM-DD`, both included, at most `MAX_SCHEDULE_DAYS` days. */
  startDate: string;
  endDate: string;
  /** IANA, e.g. `Europe/Istanbul`. */
  timeZone: string;
  seatCount: number;
  layout?: NewRoute['layout'];
  decks?: NewRoute['decks'];
  price: number;
  segmentPrices?: NonNullable<NewRoute['segmentPrices']>;
}

/** A timetable as kept: its definition (times and days sorted, without repeats) and its identity. */
export interface Schedule {
  id: string;
  fromCity: string;
  toCity: string;
  stations: string[];
  stopOffsetsMinutes: number[] | null;
  departureTimes: string[];
  daysOfWeek: number[];
  startDate: string;
  endDate: string;
  timeZone: string;
  seatCount: number;
  layout: Route['layout'];
  decks: Route['decks'];
  price: number;
  segmentPrices: NonNullable<NewRoute['segmentPrices']>;
  /**
   * The definition as one text: the same body posted again finds this schedule. `lineKey` is the
   * same without the dates: two schedules of one line never both make a departure at one instant.
   */
  key: string;
  lineKey: string;
  createdAt: Instant;
}

/** One departure a schedule makes: the local date and time it was asked as, and its route. */
export interface ScheduledDeparture {
  localDate: string;
  localTime: string;
  route: Route;
}

const DAY_MS = 86_400_000;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` as days since 1970, or NaN when it is not a real calendar day. */
function dayNumber(date: string): number {
  if (!DATE.test(date)) return NaN;
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date ? NaN : ms / DAY_MS;
}

const sortedUnique = <T extends string | number>(values: readonly T[]) =>
  [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * The schedule as kept, or every problem found (`validation_failed`): the route fields as
 * `buildRoute` checks them, then the times, days, dates, zone and stop offsets.
 */
export function buildSchedule(
  input: NewSchedule,
  id: string,
  now: Instant,
  calendar: TimeZoneCalendar,
): Result<Schedule, DomainError> {
  const problems: string[] = [];
  const probe = buildRoute(
    { ...routeFields(input), departureAt: new Date(Date.parse(now) + DAY_MS).toISOString() },
    'probe',
    now,
  );
  if (probe.isErr()) {
    const details = probe.error.kind === 'validation_failed' ? probe.error.details : undefined;
    problems.push(...(Array.isArray(details) ? (details as string[]) : [probe.error.message]));
  }
  const times = Array.isArray(input.departureTimes) ? input.departureTimes : [];
  if (times.length === 0 || times.length > MAX_DEPARTURE_TIMES) {
    problems.push(`departureTimes has 1 to ${MAX_DEPARTURE_TIMES} times`);
  } else if (!times.every((t) => typeof t === 'string' && TIME.test(t))) {
    problems.push('every departure time is HH:MM, from 00:00 to 23:59');
  }
  const days = Array.isArray(input.daysOfWeek) ? input.daysOfWeek : [];
  if (days.length === 0 || !days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) {
    problems.push('daysOfWeek has days from 1 (Monday) to 7 (Sunday)');
  }
  const start = dayNumber(input.startDate);
  const end = dayNumber(input.endDate);
  if (Number.isNaN(start) || Number.isNaN(end))
    problems.push('startDate and endDate are days written YYYY-MM-DD');
  else if (end < start) problems.push('endDate is not before startDate');
  else if (end - start + 1 > MAX_SCHEDULE_DAYS)
    problems.push(`a schedule covers at most ${MAX_SCHEDULE_DAYS} days`);
  if (typeof input.timeZone !== 'string' || !calendar.isTimeZone(input.timeZone)) {
    problems.push('timeZone is an IANA time zone, e.g. Europe/Istanbul');
  }
  const stopCount = (input.stations ?? []).length + 2;
  const offsets = input.stopOffsetsMinutes;
  if (offsets !== undefined) {
    const wellFormed =
      Array.isArray(offsets) &&
      offsets.length === stopCount &&
      offsets.every((m) => Number.isInteger(m) && m >= 0 && m <= MAX_STOP_OFFSET_MINUTES);
    if (!wellFormed) {
      problems.push(
        `stopOffsetsMinutes has one whole number of minutes per stop (${stopCount}), at most ${MAX_STOP_OFFSET_MINUTES}`,
      );
    } else if (offsets[0] !== 0 || offsets.some((m, i) => i > 0 && m < (offsets[i - 1] as number))) {
      problems.push('stopOffsetsMinutes starts at 0 and does not decrease');
    }
  }
  if (problems.length > 0) return err(errors.validationFailed('The schedule is not valid.', problems));

  const route = probe._unsafeUnwrap();
  const definition = {
    fromCity: route.fromCity,
    toCity: route.toCity,
    stations: route.stops.slice(1, -1),
    stopOffsetsMinutes: offsets ?? null,
    departureTimes: sortedUnique(times),
    daysOfWeek: sortedUnique(days),
    timeZone: input.timeZone,
    seatCount: route.seatCount,
    layout: route.layout,
    decks: route.decks,
    price: route.price,
    segmentPrices: (input.segmentPrices ?? []).map((p) => ({
      fromCity: p.fromCity.trim(),
      toCity: p.toCity.trim(),
      price: p.price,
    })),
  };
  const dates = { startDate: input.startDate, endDate: input.endDate };
  return ok({
    id,
    ...definition,
    ...dates,
    key: JSON.stringify({ ...definition, ...dates }),
    lineKey: JSON.stringify(definition),
    createdAt: now,
  });
}

function routeFields(input: NewSchedule | Schedule): Omit<NewRoute, 'departureAt'> {
  return {
    fromCity: input.fromCity,
    toCity: input.toCity,
    ...(input.stations ? { stations: input.stations } : {}),
    seatCount: input.seatCount,
    price: input.price,
    ...(input.layout !== undefined ? { layout: input.layout } : {}),
    ...(input.decks !== undefined ? { decks: input.decks } : {}),
    ...(input.segmentPrices ? { segmentPrices: input.segmentPrices } : {}),
  };
}

/**
 * Every departure of the schedule still in the future at `now`: each day of the range on one of its
 * weekdays, at each of its local times in its zone. A local time the clocks skip that day (spring
 * forward) refuses the whole schedule, naming the days (`validation_failed`); one that happens
 * twice (autumn) departs at its first occurrence. Stop times add the offsets as elapsed minutes.
 */
export function scheduleDepartures(
  schedule: Schedule,
  now: Instant,
  calendar: TimeZoneCalendar,
  newId: () => string,
): Result<ScheduledDeparture[], DomainError> {
  const departures: ScheduledDeparture[] = [];
  const skipped: string[] = [];
  for (let day = dayNumber(schedule.startDate); day <= dayNumber(schedule.endDate); day++) {
    const date = new Date(day * DAY_MS);
    const isoWeekday = ((date.getUTCDay() + 6) % 7) + 1;
    if (!schedule.daysOfWeek.includes(isoWeekday)) continue;
    const localDate = date.toISOString().slice(0, 10);
    for (const localTime of schedule.departureTimes) {
      const local = calendar.instantOf(localDate, localTime, schedule.timeZone);
      if (local.kind === 'skipped') {
        skipped.push(`${localDate} ${localTime}`);
        continue;
      }
      if (Date.parse(local.at) <= Date.parse(now)) continue;
      const departure = Date.parse(local.at);
      const stopTimes = schedule.stopOffsetsMinutes?.map((m) =>
        new Date(departure + m * 60_000).toISOString(),
      );
      const route = buildRoute(
        { ...routeFields(schedule), departureAt: local.at, ...(stopTimes ? { stopTimes } : {}) },
        newId(),
        now,
      );
      if (route.isErr()) return err(route.error);
      departures.push({ localDate, localTime, route: route.value });
    }
  }
  if (skipped.length > 0) {
    return err(
      errors.validationFailed(
        `Some departures fall in an hour the clocks skip in ${schedule.timeZone}; nothing was created.`,
        skipped.map((at) => `${at} does not exist in ${schedule.timeZone}`),
      ),
    );
  }
  return ok(departures);
}
