import type { SeatEventLog } from '@booking/core';
import { ResultAsync } from 'neverthrow';

/**
 * Wraps a SeatEventLog so a test can hold `readAfter` calls: while paused, each call waits (and is
 * counted) until `resume()`, then reads the log as it is at that moment.
 */
export class PausedLog {
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  private arrivals: (() => void)[] = [];
  waiting = 0;
  /** The route of every `readAfter` call, in call order (replays and gap fills). */
  readonly readsFrom: string[] = [];

  constructor(private readonly inner: SeatEventLog) {}

  pause(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  resume(): void {
    this.open();
  }

  /** Resolves once a `readAfter` call is held at the gate. */
  held(): Promise<void> {
    return this.waiting > 0 ? Promise.resolve() : new Promise((resolve) => this.arrivals.push(resolve));
  }

  get log(): SeatEventLog {
    return {
      ...this.inner,
      append: (...args) => this.inner.append(...args),
      currentSequence: (routeId) => this.inner.currentSequence(routeId),
      unpublished: (limit) => this.inner.unpublished(limit),
      markPublished: (events) => this.inner.markPublished(events),
      readAfter: (routeId, after, limit) => {
        this.readsFrom.push(routeId);
        this.waiting += 1;
        for (const arrived of this.arrivals.splice(0)) arrived();
        return new ResultAsync(
          this.gate.then(() => {
            this.waiting -= 1;
            return this.inner.readAfter(routeId, after, limit);
          }),
        );
      },
    };
  }
}
