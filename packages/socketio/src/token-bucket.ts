export interface RateLimit {
  /** Messages per second a socket may send on average. */
  perSecond: number;
  /** How many messages it may send at once before the average applies. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 20, burst: 40 };

/** A token bucket: `burst` tokens, refilled at `perSecond`; each message takes one. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) {
      throw new Error('rate limit needs perSecond > 0 and burst >= 1');
    }
    this.tokens = limit.burst;
    this.updatedAt = now();
  }

  tryTake(): boolean {
    const now = this.now();
    const refill = ((now - this.updatedAt) / 1000) * this.limit.perSecond;
    this.tokens = Math.min(this.limit.burst, this.tokens + refill);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
