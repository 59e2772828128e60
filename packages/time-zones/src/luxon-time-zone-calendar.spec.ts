import { describe, expect, it } from '@jest/globals';
import { luxonTimeZoneCalendar as calendar } from './luxon-time-zone-calendar';

describe('luxonTimeZoneCalendar', () => {
  it('knows IANA zones, not made-up names or fixed offsets', () => {
    expect(calendar.isTimeZone('Europe/Berlin')).toBe(true);
    expect(calendar.isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(calendar.isTimeZone('UTC')).toBe(true);
    expect(calendar.isTimeZone('Europe/Atlantis')).toBe(false);
    expect(calendar.isTimeZone('UTC+3')).toBe(false);
    expect(calendar.isTimeZone('')).toBe(false);
  });

  it('reads Istanbul (UTC+3 all year) the same in winter and summer', () => {
    expect(calendar.instantOf('2030-01-15', '09:00', 'Europe/Istanbul')).toEqual({
      kind: 'exact',
      at: '2030-01-15T06:00:00.000Z',
    });
    expect(calendar.instantOf('2030-07-15', '09:00', 'Europe/Istanbul')).toEqual({
      kind: 'exact',
      at: '2030-07-15T06:00:00.000Z',
    });
  });

  it('follows Berlin across its changes: 02:30 on the last Sunday of March does not exist', () => {
    // 2030-03-31 is the last Sunday of March: clocks jump from 02:00 to 03:00.
    expect(calendar.instantOf('2030-03-31', '01:30', 'Europe/Berlin')).toEqual({
      kind: 'exact',
      at: '2030-03-31T00:30:00.000Z',
    });
    expect(calendar.instantOf('2030-03-31', '02:30', 'Europe/Berlin')).toEqual({ kind: 'skipped' });
    expect(calendar.instantOf('2030-03-31', '03:00', 'Europe/Berlin')).toEqual({
      kind: 'exact',
      at: '2030-03-31T01:00:00.000Z',
    });
    expect(calendar.instantOf('2030-03-30', '09:00', 'Europe/Berlin')).toMatchObject({
      at: '2030-03-30T08:00:00.000Z',
    });
    expect(calendar.instantOf('2030-04-01', '09:00', 'Europe/Berlin')).toMatchObject({
      at: '2030-04-01T07:00:00.000Z',
    });
  });

  it('takes the first of the two 02:30s when Berlin’s clocks go back in October', () => {
    // 2030-10-27: 03:00 CEST becomes 02:00 CET, so 02:30 happens at 00:30Z and again at 01:30Z.
    expect(calendar.instantOf('2030-10-27', '02:30', 'Europe/Berlin')).toEqual({
      kind: 'ambiguous',
      at: '2030-10-27T00:30:00.000Z',
    });
  });
});
