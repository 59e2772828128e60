import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import { createInMemoryBooking } from '../testing/in-memory-booking';
import { DEFAULT_SWEEP_INTERVAL_MS, startBackgroundJobs } from './background-jobs';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const alice: Actor = { userId: 'alice', role: 'customer' };

async function heldSeat() {
  const booking = createInMemoryBooking({ holdSeconds: 60 });
  const route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Bursa',
      toCity: 'Izmir',
      departureAt: '2030-01-02T09:00:00.000Z',
      seatCount: 2,
      price: 10,
    })
  )._unsafeUnwrap();
  const ticket = (
    await booking.services.tickets.reserve(alice, {
      routeId: route.id,
      seatNumber: 1,
      passengerName: 'A',
      gender: 'other',
    })
  )._unsafeUnwrap();
  booking.clock.advanceSeconds(61);
  return { ...booking, status: () => booking.ports.db.tickets.get(ticket.id)?.status };
}

describe('startBackgroundJobs', () => {
  it('expires a hold past its time on its own, every interval', async () => {
    const { services, status } = await heldSeat();
    const jobs = startBackgroundJobs(services, { intervalMs: 5 });
    // Bounded, so a sweeper that never expires anything fails here instead of waiting forever.
    for (let round = 0; round < 400 && status() === 'reserved'; round++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await jobs.stop();
    expect(status()).toBe('expired');
  });

  it('runs no round after stop', async () => {
    const { services, status } = await heldSeat();
    const jobs = startBackgroundJobs(services, { intervalMs: 5 });
    await jobs.stop();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(status()).toBe('reserved');
    await jobs.runOnce();
    expect(status()).toBe('expired');
  });
});

/** A logger that keeps every line, to check what the jobs report. */
function recordingLogger() {
  const lines: { level: string; fields: object; message?: string }[] = [];
  const at =
    (level: string) =>
    (fields: object, message?: string): void => {
      lines.push({ level, fields, message });
    };
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('startBackgroundJobs: what a round reports', () => {
  it('logs how many holds expired and how many unpublished events it relayed', async () => {
    const { services, notifier } = await heldSeat();
    const { lines, logger } = recordingLogger();
    notifier.failing = true;
    const jobs = startBackgroundJobs(services, { intervalMs: 60_000, logger });
    await jobs.runOnce(); // the hold expires, but its seat_available cannot be published
    notifier.failing = false;
    await jobs.runOnce(); // the relay sends it
    await jobs.stop();
    expect(lines).toEqual([
      { level: 'info', fields: { count: 1 }, message: 'holds expired' },
      { level: 'info', fields: { count: 1 }, message: 'unpublished seat events relayed' },
    ]);
  });

  it('logs how many seat holds it released', async () => {
    const booking = createInMemoryBooking();
    const route = (
      await booking.services.routes.create(admin, {
        fromCity: 'Bursa',
        toCity: 'Izmir',
        departureAt: '2030-01-02T09:00:00.000Z',
        seatCount: 2,
        price: 10,
      })
    )._unsafeUnwrap();
    (await booking.services.holds.place(alice, { routeId: route.id, seatNumbers: [2] }))._unsafeUnwrap();
    booking.clock.advanceSeconds(3600);
    const { lines, logger } = recordingLogger();
    const jobs = startBackgroundJobs(booking.services, { intervalMs: 60_000, logger });
    await jobs.runOnce();
    await jobs.stop();
    expect(lines).toEqual([{ level: 'info', fields: { count: 1 }, message: 'seat holds expired' }]);
  });

  it('logs nothing for a round with nothing to do', async () => {
    const { services } = await heldSeat();
    const { lines, logger } = recordingLogger();
    const jobs = startBackgroundJobs(services, { intervalMs: 60_000, logger });
    await jobs.runOnce();
    lines.length = 0;
    await jobs.runOnce();
    await jobs.stop();
    expect(lines).toEqual([]);
  });

  it('warns when the sweep fails, and goes on with the next round', async () => {
    const { services, status, ports } = await heldSeat();
    const { lines, logger } = recordingLogger();
    const jobs = startBackgroundJobs(services, { intervalMs: 60_000, logger });
    ports.db.available = false;
    await jobs.runOnce();
    expect(lines).toEqual([
      {
        level: 'warn',
        fields: { error: expect.objectContaining({ kind: 'persistence_unavailable' }) },
        message: 'hold sweep failed',
      },
      {
        level: 'warn',
        fields: { error: expect.objectContaining({ kind: 'persistence_unavailable' }) },
        message: 'seat hold sweep failed',
      },
      {
        level: 'warn',
        fields: { error: expect.objectContaining({ kind: 'persistence_unavailable' }) },
        message: 'payment reconciliation failed',
      },
    ]);
    ports.db.available = true;
    await jobs.runOnce();
    await jobs.stop();
    expect(status()).toBe('expired');
  });

  it('logs a round that throws (a bug) as an error, and later rounds still run', async () => {
    const { services, status } = await heldSeat();
    const { lines, logger } = recordingLogger();
    const bug = new Error('a bug in the sweep');
    jest.spyOn(services.tickets, 'expireHolds').mockImplementationOnce(() => {
      throw bug;
    });
    const spies = [
      jest.spyOn(services.holds, 'expireDue'),
      jest.spyOn(services.payments, 'reconcile'),
      jest.spyOn(services.publisher, 'relayUnpublished'),
    ];
    const jobs = startBackgroundJobs(services, { intervalMs: 60_000, logger });
    await expect(jobs.runOnce()).resolves.toBeUndefined();
    expect(lines).toEqual([
      { level: 'error', fields: { err: bug, job: 'hold sweep' }, message: 'background job failed' },
    ]);
    // The other jobs of that round still ran: the seat hold sweep, reconciliation, the relay.
    expect(spies.map((spy) => spy.mock.calls.length)).toEqual([1, 1, 1]);
    await jobs.runOnce();
    await jobs.stop();
    expect(status()).toBe('expired');
  });
});

describe('startBackgroundJobs: its timer', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('runs the first round after DEFAULT_SWEEP_INTERVAL_MS when no interval is given', async () => {
    const { services, status } = await heldSeat();
    jest.useFakeTimers();
    const jobs = startBackgroundJobs(services);
    await jest.advanceTimersByTimeAsync(DEFAULT_SWEEP_INTERVAL_MS - 1);
    expect(status()).toBe('reserved');
    await jest.advanceTimersByTimeAsync(1);
    expect(status()).toBe('expired');
    await jobs.stop();
  });

  it('waits intervalMs between the end of one round and the start of the next', async () => {
    const { services } = await heldSeat();
    jest.useFakeTimers();
    const sweeps = jest.spyOn(services.tickets, 'expireHolds');
    const jobs = startBackgroundJobs(services, { intervalMs: 50 });
    await jest.advanceTimersByTimeAsync(49);
    expect(sweeps).toHaveBeenCalledTimes(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(sweeps).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(50);
    expect(sweeps).toHaveBeenCalledTimes(2);
    await jobs.stop();
  });

  it('does not keep the process alive', async () => {
    const { services } = await heldSeat();
    const timers = jest.spyOn(globalThis, 'setTimeout');
    const jobs = startBackgroundJobs(services, { intervalMs: 60_000 });
    const ours = timers.mock.calls.findIndex(([, ms]) => ms === 60_000);
    const timer = timers.mock.results[ours]?.value as { hasRef(): boolean };
    expect(timer.hasRef()).toBe(false);
    await jobs.stop();
  });

  it('stop waits for the round in progress and schedules no other', async () => {
    const { services, status } = await heldSeat();
    jest.useFakeTimers();
    let release: () => void = () => undefined;
    const sweep = services.tickets.expireHolds.bind(services.tickets);
    const sweeps = jest
      .spyOn(services.tickets, 'expireHolds')
      .mockImplementation(
        () =>
          new ResultAsync(new Promise<void>((resolve) => (release = () => resolve())).then(() => sweep())),
      );
    const jobs = startBackgroundJobs(services, { intervalMs: 10 });
    await jest.advanceTimersByTimeAsync(10); // a round starts and waits in its sweep
    expect(sweeps).toHaveBeenCalledTimes(1);
    let stopped = false;
    const stopping = jobs.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(status()).toBe('expired');
    await jest.advanceTimersByTimeAsync(100);
    expect(sweeps).toHaveBeenCalledTimes(1);
  });
});
