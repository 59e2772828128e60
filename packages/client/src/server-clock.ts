/**
 * The server's clock as far as this machine can tell from the `Date` header of REST answers, so a
 * countdown to the server's `expiresAt` is right on a computer whose clock is wrong.
 */
export class ServerClock {
  /** Server time minus this machine's, in ms. */
  offsetMs = 0;

  /** Takes an answer's `Date` (ms), received at `localMs`. */
  observe(serverDateMs: number, localMs: number = Date.now()): void {
    // The header is cut to the second: the server's time was within [date, date + 1 s).
    const estimate = serverDateMs + 500 - localMs;
    // Under two seconds the difference is that rounding (and the trip), not a wrong clock.
    this.offsetMs = Math.abs(estimate) < 2000 ? 0 : estimate;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }
}
