import { describe, expect, it } from '@jest/globals';
import { priceSchema } from './common.schemas';

describe('priceSchema', () => {
  it('takes every price with at most two decimals, however binary floating point stores it', () => {
    for (const price of [19.99, 37.45, 0.29, 0.01, 1_000_000])
      expect(priceSchema.safeParse(price).success).toBe(true);
  });

  it('refuses finer amounts, zero, negatives and more than a million', () => {
    for (const price of [0.001, 19.999, 0, -1, 1_000_000.01])
      expect(priceSchema.safeParse(price).success).toBe(false);
  });
});
