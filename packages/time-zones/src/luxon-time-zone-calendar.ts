import type { LocalTime, TimeZoneCalendar } from '@booking/core';
import { DateTime, IANAZone } from 'luxon';

/** The core's `TimeZoneCalendar` over luxon and the IANA rules of the runtime's Intl. */
export const luxonTimeZoneCalendar: TimeZoneCalendar = {
  isTimeZone(zone: string): boolean {
    // IANAZone.isValidZone also accepts fixed offsets such as "UTC+3"; a schedule names a region.
    return IANAZone.isValidZone(zone) && /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$|^UTC$/.test(zone);
  },

  instantOf(date: string, time: string, zone: string): LocalTime {
    const [year, month, day] = date.split('-').map(Number);
    const [hour, minute] = time.split(':').map(Number);
    const local = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
    if (!local.isValid) throw new Error(`instantOf: ${date} ${time} in ${zone}: ${local.invalidExplanation}`);
    // luxon moves a time the clocks skipped forward; the wall clock then reads another time.
    if (local.hour !== hour || local.minute !== minute || local.day !== day) return { kind: 'skipped' };
    const candidates = local.getPossibleOffsets().map((d) => d.toMillis());
    const first = Math.min(local.toMillis(), ...candidates);
    return { kind: candidates.length > 1 ? 'ambiguous' : 'exact', at: new Date(first).toISOString() };
  },
};
