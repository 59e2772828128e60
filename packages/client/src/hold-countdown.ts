/** Whole seconds until `expiresAt` (an ISO-8601 instant) at `nowMs`, rounded up; 0 once it passed. */
export function secondsLeft(expiresAt: string, nowMs: number = Date.now()): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - nowMs) / 1000));
}

export interface CountdownOptions {
  /** The current time in ms; default `Date.now()`. The client passes its estimate of the server's. */
  now?: () => number;
}

/**
 * Calls `onTick` with the seconds left until `expiresAt` at once, then each time the number
 * changes, down to 0 (the last call). Returns "stop"; it stops by itself after 0.
 */
export function startCountdown(
  expiresAt: string,
  onTick: (secondsLeft: number) => void,
  { now = Date.now }: CountdownOptions = {},
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const nowMs = now();
    const left = secondsLeft(expiresAt, nowMs);
    onTick(left);
    if (left === 0) return;
    // Wake when the rounded-up count drops by one, not on a fixed beat that drifts across it.
    const untilNext = Date.parse(expiresAt) - nowMs - (left - 1) * 1000;
    timer = setTimeout(tick, Math.max(1, untilNext));
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
