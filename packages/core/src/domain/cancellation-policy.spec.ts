import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  cancellationFee,
  DEFAULT_CANCELLATION_POLICY,
  feeTier,
  parseCancellationPolicy,
} from './cancellation-policy';

const HOUR = 3_600_000;
const policy = parseCancellationPolicy(DEFAULT_CANCELLATION_POLICY)._unsafeUnwrap();

describe('the cancellation policy', () => {
  it('reads tiers in any order, earliest first', () => {
    expect(parseCancellationPolicy('0h:25, 24h:0,2h:10')._unsafeUnwrap()).toEqual([
      { hoursBefore: 24, percent: 0 },
      { hoursBefore: 2, percent: 10 },
      { hoursBefore: 0, percent: 25 },
    ]);
    expect(parseCancellationPolicy('0h:100')._unsafeUnwrap()).toEqual([{ hoursBefore: 0, percent: 100 }]);
    expect(parseCancellationPolicy('0.5h:12.5,0h:50')._unsafeUnwrap()[0]).toEqual({
      hoursBefore: 0.5,
      percent: 12.5,
    });
  });

  it.each([
    ['', '"" is not a tier'],
    ['24h:0,2h', '"2h" is not a tier'],
    ['24:0,0h:10', '"24:0" is not a tier'],
    ['24h:-1,0h:1', '"24h:-1" is not a tier'],
    ['24h:10%,0h:1', 'is not a tier'],
    ['0h:101', 'more than 100 %'],
    ['2h:10,2h:20,0h:30', '2h appears twice'],
    ['24h:0,2h:10', 'one tier must start at 0h'],
  ])('refuses %j, saying why', (text, why) => {
    expect(parseCancellationPolicy(text)._unsafeUnwrapErr()).toContain(why);
  });

  it('charges the tier the time before departure falls in; the boundary belongs to the earlier tier', () => {
    expect(feeTier(policy, 48 * HOUR).percent).toBe(0);
    expect(feeTier(policy, 24 * HOUR).percent).toBe(0);
    expect(feeTier(policy, 24 * HOUR - 1).percent).toBe(10);
    expect(feeTier(policy, 2 * HOUR).percent).toBe(10);
    expect(feeTier(policy, 2 * HOUR - 1).percent).toBe(25);
    expect(feeTier(policy, 0).percent).toBe(25);
    // After departure (staff may still cancel): the last tier.
    expect(feeTier(policy, -HOUR).percent).toBe(25);
  });

  it('keeps the fee and refunds the rest, to the cent; a waived fee refunds everything', () => {
    expect(cancellationFee(policy, 1999, HOUR)).toEqual({ fee: 500, refund: 1499 });
    expect(cancellationFee(policy, 1999, 3 * HOUR)).toEqual({ fee: 200, refund: 1799 });
    expect(cancellationFee(policy, 1999, 30 * HOUR)).toEqual({ fee: 0, refund: 1999 });
    expect(cancellationFee(policy, 1999, HOUR, true)).toEqual({ fee: 0, refund: 1999 });
  });

  it('never moves money out of thin air: fee + refund = paid, both whole and not negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: -48 * HOUR, max: 96 * HOUR }),
        fc.boolean(),
        (paid, msBefore, waived) => {
          const { fee, refund } = cancellationFee(policy, paid, msBefore, waived);
          return fee + refund === paid && Number.isInteger(fee) && fee >= 0 && refund >= 0;
        },
      ),
    );
  });
});
