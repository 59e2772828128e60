export interface Pacer {
  /** Stops the pacer; resolves with how many operations it started. */
  stop(): number;
  readonly started: number;
}

const TICK_MS = 2;

/**
 * Starts `start()` `ratePerSecond` times a second, evenly (checked every 2 ms), bounded by count and
 * time. `start` returns false when it could not take the operation (too many in flight): that turn
 * is skipped, not queued, so a slow system is measured at the rate it keeps up with.
 */
export function startPacer(
  ratePerSecond: number,
  start: () => boolean,
  bounds: { maxCount: number; maxMs: number },
): Pacer & { skipped(): number } {
  const began = performance.now();
  let started = 0;
  let skipped = 0;
  let turns = 0;
  const timer = setInterval(() => {
    const elapsed = performance.now() - began;
    if (elapsed >= bounds.maxMs) return clearInterval(timer);
    const due = Math.min(Math.floor((elapsed / 1000) * ratePerSecond), bounds.maxCount);
    for (; turns < due; turns += 1) {
      if (start()) started += 1;
      else skipped += 1;
    }
    if (turns >= bounds.maxCount) clearInterval(timer);
  }, TICK_MS);
  return {
    get started() {
      return started;
    },
    skipped: () => skipped,
    stop() {
      clearInterval(timer);
      return started;
    },
  };
}
