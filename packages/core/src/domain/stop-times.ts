import type { Instant } from './time';

/**
 * A route's stop times as given (one ISO-8601 time per stop, none before the one before it, the
 * first equal to the departure), normalised to instants; or the problems found, for
 * `validation_failed`.
 */
export function checkStopTimes(
  stopCount: number,
  departureAt: Instant,
  given: unknown,
): { times: Instant[]; problems: [] } | { times: null; problems: string[] } {
  const refused = (problem: string) => ({ times: null, problems: [problem] });
  if (!Array.isArray(given) || given.length !== stopCount) {
    return refused(`stopTimes has one time per stop (${stopCount})`);
  }
  const times: Instant[] = [];
  for (const value of given as unknown[]) {
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) return refused('every stop time is an ISO-8601 date and time');
    times.push(new Date(ms).toISOString());
  }
  if (times.some((t, i) => i > 0 && Date.parse(t) < Date.parse(times[i - 1] as Instant))) {
    return refused('no stop time comes before the one of the stop before it');
  }
  if (Date.parse(times[0] as Instant) !== Date.parse(departureAt)) {
    return refused('the first stop time is departureAt');
  }
  if (!times.every(inFourDigitYears)) {
    return refused('every stop time is within the year 9999');
  }
  return { times, problems: [] };
}

/** The last instant with a four-digit year: later ones are written `+010000-…`, which PostgreSQL refuses. */
const LATEST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');
export const inFourDigitYears = (at: Instant) => Date.parse(at) <= LATEST_INSTANT_MS;
