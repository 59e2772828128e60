import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fromCents, hasWholeCents, percentOf, sumAmounts, toCents } from './money';

describe('money in cents', () => {
  it('reads prices with at most two decimals exactly, and refuses anything finer', () => {
    expect(toCents(19.99)).toBe(1999);
    expect(toCents(0.1)).toBe(10);
    expect(toCents(1e9)).toBe(1e11);
    expect(() => toCents(0.001)).toThrow(RangeError);
    expect(() => toCents(Number.NaN)).toThrow(RangeError);
    expect(() => fromCents(1.5)).toThrow(RangeError);
  });

  it('knows an amount with at most two decimals, however binary floating point stores it', () => {
    for (const price of [19.99, 37.45, 0.29, 1_000_000, 99_999_999.99])
      expect(hasWholeCents(price)).toBe(true);
    for (const price of [0.001, 19.999, Number.NaN, Infinity]) expect(hasWholeCents(price)).toBe(false);
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => hasWholeCents(cents / 100)));
  });

  it('adds amounts exactly: 3 x 19.99 is 59.97', () => {
    expect(sumAmounts([19.99, 19.99, 19.99])).toBe(59.97);
    expect(sumAmounts([0.1, 0.2])).toBe(0.3);
    expect(sumAmounts([])).toBe(0);
  });

  it('round-trips every whole number of cents', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), (cents) => toCents(fromCents(cents)) === cents));
  });

  it('takes a percentage rounded half up to the cent, never more than the whole', () => {
    expect(percentOf(1999, 10)).toBe(200); // 199.9
    expect(percentOf(1999, 25)).toBe(500); // 499.75
    expect(percentOf(10, 25)).toBe(3); // 2.5 rounds up
    expect(percentOf(10, 24.99)).toBe(2); // 2.499
    expect(percentOf(1999, 12.5)).toBe(250); // 249.875
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e10 }), fc.integer({ min: 0, max: 10_000 }), (cents, bp) => {
        const fee = percentOf(cents, bp / 100);
        return (
          Number.isInteger(fee) && fee >= 0 && fee <= cents && Math.abs(fee - (cents * bp) / 10_000) <= 0.5
        );
      }),
    );
  });
});
