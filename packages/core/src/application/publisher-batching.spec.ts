import { describe, expect, it } from '@jest/globals';
import { errAsync, ok, okAsync, ResultAsync, type Result } from 'neverthrow';
import type { SeatEvent } from '../domain/seat-event';
import type { Ticket } from '../domain/ticket';
import { errors, type PersistenceError } from '../domain/errors';
import { RecordingNotifier } from '../testing/recording-notifier';
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

/** A log that records what it is asked and answers what the test set. */
function scriptedLog(
  answers: { unpublished?: SeatEvent[] | PersistenceError; marking?: PersistenceError } = {},
) {
  const asked = { limits: [] as number[], marked: [] as number[][] };
  const log = {
    unpublished: (limit: number) => {
      asked.limits.push(limit);
      const pending = answers.unpublished ?? [];
      return Array.isArray(pending) ? okAsync(pending) : errAsync(pending);
    },
    markPublished: (events: readonly SeatEvent[]) => {
      asked.marked.push(events.map((e) => e.sequence));
      return answers.marking ? errAsync(answers.marking) : okAsync<void, PersistenceError>(undefined);
    },
  };
  const notifier = new RecordingNotifier();
  const problems: [unknown, string][] = [];
  const publisher = new ChangePublisher(
    { notifier, events: log as unknown as SeatEventLog },
    { onBackgroundError: (error, context) => problems.push([error, context]) },
  );
  return { publisher, notifier, asked, problems };
}

describe('publishing and relaying', () => {
  const down = errors.persistenceUnavailable('log down');

  it('tells the notifier nothing of an empty change, and marks nothing for a change without events', async () => {
    const { publisher, notifier, asked } = scriptedLog();
    await publisher.publish({ events: [], tickets: [] });
    expect(notifier.changes).toStrictEqual([]);
    const ticket = { id: 't1' } as Ticket;
    await publisher.publish({ events: [], tickets: [ticket] });
    expect(notifier.changes).toStrictEqual([{ events: [], tickets: [ticket] }]);
    expect(asked.marked).toStrictEqual([]);
  });

  it('reports a failed marking as a background error; the notifier was told all the same', async () => {
    const { publisher, notifier, problems } = scriptedLog({ marking: down });
    await publisher.publish({ events: [event('r1', 1)], tickets: [] });
    expect(notifier.events.map((e) => e.sequence)).toStrictEqual([1]);
    expect(problems).toStrictEqual([[down, 'mark events published']]);
  });

  it('relays up to 500 events unless told otherwise, and marks what it relayed', async () => {
    const { publisher, notifier, asked, problems } = scriptedLog({
      unpublished: [event('r1', 1), event('r1', 2)],
    });
    expect(await publisher.relayUnpublished()).toBe(2);
    expect(await publisher.relayUnpublished(7)).toBe(2);
    expect(asked.limits).toStrictEqual([500, 7]);
    expect(notifier.changes[0]).toStrictEqual({ events: [event('r1', 1), event('r1', 2)], tickets: [] });
    expect(asked.marked).toStrictEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(problems).toStrictEqual([]);
  });

  it('relays nothing, and tells the notifier nothing, when nothing waits', async () => {
    const { publisher, notifier, asked } = scriptedLog({ unpublished: [] });
    expect(await publisher.relayUnpublished()).toBe(0);
    expect(notifier.changes).toStrictEqual([]);
    expect(asked.marked).toStrictEqual([]);
  });

  it('needs no background error handler: failures are then dropped, never thrown at the caller', async () => {
    const notifier = new RecordingNotifier();
    notifier.failing = true;
    const down = errors.persistenceUnavailable('log down');
    const log = { unpublished: () => errAsync(down), markPublished: () => errAsync(down) };
    const publisher = new ChangePublisher({ notifier, events: log as unknown as SeatEventLog }, {});
    await expect(publisher.publish({ events: [event('r1', 1)], tickets: [] })).resolves.toBeUndefined();
    expect(await publisher.relayUnpublished()).toBe(0);
    notifier.failing = false;
    await expect(publisher.publish({ events: [event('r1', 2)], tickets: [] })).resolves.toBeUndefined();
    const reading = new ChangePublisher(
      {
        notifier,
        events: { ...log, unpublished: () => okAsync([event('r1', 3)]) } as unknown as SeatEventLog,
      },
      {},
    );
    notifier.failing = true;
    expect(await reading.relayUnpublished()).toBe(0);
  });

  it('relays nothing when the log cannot be read, and says so', async () => {
    const { publisher, notifier, problems } = scriptedLog({ unpublished: down });
    expect(await publisher.relayUnpublished()).toBe(0);
    expect(notifier.changes).toStrictEqual([]);
    expect(problems).toStrictEqual([[down, 'outbox relay']]);
  });

  it('marks nothing the notifier refused to take', async () => {
    const { publisher, notifier, asked, problems } = scriptedLog({ unpublished: [event('r1', 1)] });
    notifier.failing = true;
    expect(await publisher.relayUnpublished()).toBe(0);
    await publisher.publish({ events: [event('r1', 2)], tickets: [] });
    expect(asked.marked).toStrictEqual([]);
    expect(problems.map(([, context]) => context)).toStrictEqual(['outbox relay', 'seat notifier']);
  });
});
