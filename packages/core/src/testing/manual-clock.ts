import type { Clock } from '../ports/clock.port';

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2030-01-01T08:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  advanceSeconds(seconds: number): void {
    this.current += seconds * 1000;
  }
}
