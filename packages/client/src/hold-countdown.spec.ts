import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { secondsLeft, startCountdown } from './hold-countdown';
import { ServerClock } from './server-clock';

const START = Date.parse('2030-01-01T08:00:00.000Z');
const at = (ms: number) => new Date(START + ms).toISOString();

describe('secondsLeft', () => {
  it('rounds up to whole seconds and stops at 0', () => {
    expect(secondsLeft(at(120_000), START)).toBe(120);
    expect(secondsLeft(at(120_000), START + 1)).toBe(120);
    expect(secondsLeft(at(120_000), START + 119_001)).toBe(1);
    expect(secondsLeft(at(120_000), START + 120_000)).toBe(0);
    expect(secondsLeft(at(120_000), START + 500_000)).toBe(0);
  });
});

describe('startCountdown', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: START });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('ticks once a second, each time the count drops, down to 0, then stops by itself', () => {
    const ticks: number[] = [];
    startCountdown(at(3_400), (left) => ticks.push(left));
    expect(ticks).toEqual([4]);
    jest.advanceTimersByTime(399);
    expect(ticks).toEqual([4]);
    jest.advanceTimersByTime(1);
    expect(ticks).toEqual([4, 3]);
    jest.advanceTimersByTime(3_000);
    expect(ticks).toEqual([4, 3, 2, 1, 0]);
    jest.advanceTimersByTime(10_000);
    expect(ticks).toEqual([4, 3, 2, 1, 0]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops when told', () => {
    const ticks: number[] = [];
    const stop = startCountdown(at(5_000), (left) => ticks.push(left));
    jest.advanceTimersByTime(1_000);
    stop();
    jest.advanceTimersByTime(10_000);
    expect(ticks).toEqual([5, 4]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('counts by the clock it is given (the server clock when this computer is wrong)', () => {
    const ticks: number[] = [];
    // This computer is 60 s behind the server: the hold has 10 s left, not 70.
    startCountdown(at(70_000), (left) => ticks.push(left), { now: () => Date.now() + 60_000 });
    expect(ticks).toEqual([10]);
    jest.advanceTimersByTime(10_000);
    expect(ticks.at(-1)).toBe(0);
  });

  it('says 0 at once for a hold already over', () => {
    const ticks: number[] = [];
    startCountdown(at(-1), (left) => ticks.push(left));
    expect(ticks).toEqual([0]);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('ServerClock', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: START });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it("follows a server whose Date is seconds away from this computer's clock", () => {
    const clock = new ServerClock();
    clock.observe(START + 90_000);
    expect(clock.now()).toBe(START + 90_500);
    clock.observe(START - 30_000);
    expect(clock.now()).toBe(START - 29_500);
  });

  it("keeps this computer's clock when the difference is within the header's rounding", () => {
    const clock = new ServerClock();
    clock.observe(START - 999);
    expect(clock.now()).toBe(START);
    clock.observe(START + 1_000);
    expect(clock.now()).toBe(START);
  });
});
