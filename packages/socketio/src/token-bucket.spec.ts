import { describe, expect, it } from '@jest/globals';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst, then refills at the given rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 20, burst: 40 }, () => now);
    const first = Array.from({ length: 45 }, () => bucket.tryTake());
    expect(first.filter(Boolean)).toHaveLength(40);
    now += 500; // half a second refills ten
    const second = Array.from({ length: 15 }, () => bucket.tryTake());
    expect(second.filter(Boolean)).toHaveLength(10);
    now += 60_000; // never more than the burst
    expect(Array.from({ length: 50 }, () => bucket.tryTake()).filter(Boolean)).toHaveLength(40);
  });

  it('refuses a meaningless limit', () => {
    expect(() => new TokenBucket({ perSecond: 0, burst: 10 })).toThrow(/perSecond/);
    expect(() => new TokenBucket({ perSecond: 5, burst: 0 })).toThrow(/burst/);
  });
});
