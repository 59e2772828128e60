import type { Instant } from '../domain/time';

/**
 * A local date and time in a time zone, as an instant: `exact`, `ambiguous` (the clocks went back
 * and it happens twice: `at` is the first occurrence) or `skipped` (the clocks went forward over it:
 * it never happens that day).
 */
export type LocalTime = { kind: 'exact' | 'ambiguous'; at: Instant } | { kind: 'skipped' };

/**
 * The time-zone rules (IANA database). The core keeps no time-zone arithmetic of its own: an adapter
 * answers from a well-kept library.
 */
export interface TimeZoneCalendar {
  /** Whether `zone` names an IANA time zone, e.g. `Europe/Istanbul`. */
  isTimeZone(zone: string): boolean;
  /** `date` (`YYYY-MM-DD`) at `time` (`HH:MM`) on the clocks of `zone` (one `isTimeZone` accepts). */
  instantOf(date: string, time: string, zone: string): LocalTime;
}
