import { describe, expect, it } from '@jest/globals';
import { ok, okAsync, ResultAsync, type Result } from 'neverthrow';
import type { SeatEvent } from '../domain/seat-event';
import type { PersistenceError } from '../domain/errors';
import type { SeatEventLog } from '../ports/seat-event-log.port';
import { ChangePublisher } from './publisher';

const event = (routeId: string, sequence: number) =>
  ({ routeId, sequence, seatNumber: 1, ticketId: `t${sequence}` }) as unknown as SeatEvent;

/** A log whose markPublished writes finish only when the test says so. */
function slowLog() {
  const writes: { sequences: number[]; finish: () => void }[] = [];
  const log: Pick<SeatEventLog, 'markPublished' | 'unpublished'> = {
    markPublished: (events) =>
      new ResultAsync(
        new Promise<Result<void, PersistenceError>>((resolve) =>
          writes.push({ sequences: events.map((e) => e.sequence), finish: () => resolve(ok(undefined)) }),
        ),
      ),
    unpublished: () => okAsync([]),
  };
  return { log, writes };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('marking published events', () => {
  it('sends changes published during a write together in the next write, and each resolves after its own', async () => {
    const { log, writes } = slowLog();
    const publisher = new ChangePublisher(
      { notifier: { notify: async () => undefined }, events: log as SeatEventLog },
      {},
    );
    const settled: number[] = [];
    const publish = (sequence: number) =>
      publisher.publish({ events: [event('r1', sequence)], tickets: [] }).then(() => settled.push(sequence));

    const first = publish(1);
    await tick();
    const later = [publish(2), publish(3), publish(4)];
    await tick();
    expect(writes.map((w) => w.sequences)).toEqual([[1]]);

    writes[0]?.finish();
    await first;
    await tick();
    expect(settled).toEqual([1]);
    expect(writes.map((w) => w.sequences)).toEqual([[1], [2, 3, 4]]);

    writes[1]?.finish();
    await Promise.all(later);
    expect(settled).toEqual([1, 2, 3, 4]);
  });

  it('keeps writing later batches after a write threw', async () => {
    let calls = 0;
    const log = {
      markPublished: () => {
        calls += 1;
        if (calls === 1) throw new Error('bug in the log');
        return okAsync<void, PersistenceError>(undefined);
      },
      unpublished: () => okAsync([]),
    };
    const publisher = new ChangePublisher(
      { notifier: { notify: async () => undefined }, events: log as unknown as SeatEventLog },
      {},
    );
    await expect(publisher.publish({ events: [event('r1', 1)], tickets: [] })).rejects.toThrow(
      'bug in the log',
    );
    await publisher.publish({ events: [event('r1', 2)], tickets: [] });
    expect(calls).toBe(2);
  });
});
