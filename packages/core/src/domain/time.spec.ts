import { describe, expect, it } from '@jest/globals';
import { addSeconds, isAtOrAfter, toInstant } from './time';

describe('instants', () => {
  it('writes a date as ISO-8601 UTC with milliseconds', () => {
    expect(toInstant(new Date(Date.UTC(2030, 0, 2, 9, 5, 7, 40)))).toBe('2030-01-02T09:05:07.040Z');
  });

  it('adds seconds, across a day and backwards', () => {
    expect(addSeconds('2030-01-01T23:59:30.000Z', 45)).toBe('2030-01-02T00:00:15.000Z');
    expect(addSeconds('2030-01-01T00:00:00.000Z', -1)).toBe('2029-12-31T23:59:59.000Z');
  });

  it('compares by the instant, not the text', () => {
    expect(isAtOrAfter('2030-01-01T09:00:00.000Z', '2030-01-01T12:00:00.000+03:00')).toBe(true);
    expect(isAtOrAfter('2030-01-01T08:59:59.999Z', '2030-01-01T09:00:00.000Z')).toBe(false);
    expect(isAtOrAfter('2030-01-01T09:00:00.001Z', '2030-01-01T09:00:00.000Z')).toBe(true);
  });
});
